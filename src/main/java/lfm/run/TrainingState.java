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
 * @param shards           P, the shards each batch was split into (--shards or --distributed ranks); 0 in
 *                         checkpoints written before it was recorded, which means 1
 */
public record TrainingState(int completedBlocks, long blockStep, long randomPosition, long lossFileBytes,
                            double elapsedSeconds, int shards) {

    public static final TrainingState FRESH = new TrainingState(0, 0, 0, 0, 0, 1);

    public TrainingState(int completedBlocks, long blockStep, long randomPosition, long lossFileBytes,
                         double elapsedSeconds) {
        this(completedBlocks, blockStep, randomPosition, lossFileBytes, elapsedSeconds, 1);
    }

    /** P of the run that wrote this checkpoint (1 for a checkpoint that predates the field). */
    public int shardCount() {
        return Math.max(1, shards);
    }
}
