package lfm.run;

/**
 * Where a run stands, stored as state/checkpoint.json after every completed block and every
 * checkpoint interval, so that {@code --resume} continues exactly.
 *
 * @param completedBlocks  blocks whose weights are final (block-NN.safetensors written, pool pushed)
 * @param blockStep        optimiser steps already taken in the block after them (0: not started)
 * @param randomPosition   next stream number of the run's random stream
 * @param lossFileBytes    length of loss.csv at this checkpoint (later rows are replayed on resume)
 * @param elapsedSeconds   training wall time so far
 */
public record TrainingState(int completedBlocks, long blockStep, long randomPosition, long lossFileBytes,
                            double elapsedSeconds) {

    public static final TrainingState FRESH = new TrainingState(0, 0, 0, 0, 0);
}
