package lfm.run;

import java.util.Map;

/**
 * Where a run stands: state/checkpoint.json, the commit record of a checkpoint ({@link Checkpoints}),
 * written after every completed block and every checkpoint interval so that {@code --resume} continues
 * exactly.
 *
 * @param completedBlocks  blocks whose weights are final (block-NN.safetensors written, pool pushed)
 * @param blockStep        optimiser steps already taken in the block after them (0: not started)
 * @param randomPosition   next stream number of the run's random stream
 * @param lossFileBytes    length of loss.csv at this checkpoint (later rows are replayed on resume)
 * @param elapsedSeconds   training wall time so far
 * @param shards           P, the shards each batch was split into (--shards or --distributed ranks); 0 in
 *                         checkpoints written before it was recorded, which means 1
 * @param generation       the commit's number (1, 2, ...; 0 in checkpoints written before commits were
 *                         numbered, whose files have fixed names)
 * @param files            the state files of this commit by role ("partial", "pool", "snapshots" → file
 *                         name in state/); null before commits were numbered
 * @param data             the training data the run started on; null before it was recorded
 * @param blockSeconds     training wall time of the block in progress up to this checkpoint, so that a block
 *                         continued after a stop reports its whole time; 0 at a block's end and in
 *                         checkpoints written before it was recorded
 */
public record TrainingState(
        int completedBlocks,
        long blockStep,
        long randomPosition,
        long lossFileBytes,
        double elapsedSeconds,
        int shards,
        long generation,
        Map<String, String> files,
        DataFingerprint data,
        double blockSeconds) {

    public static final TrainingState FRESH = new TrainingState(0, 0, 0, 0, 0);

    public TrainingState {
        files = files == null ? null : Map.copyOf(files);
    }

    /** A position in training with one shard, before it is committed (no generation or files yet). */
    public TrainingState(
            int completedBlocks, long blockStep, long randomPosition, long lossFileBytes, double elapsedSeconds) {
        this(completedBlocks, blockStep, randomPosition, lossFileBytes, elapsedSeconds, 1);
    }

    /** A position in training of a run with P = {@code shards}, before it is committed. */
    public TrainingState(
            int completedBlocks,
            long blockStep,
            long randomPosition,
            long lossFileBytes,
            double elapsedSeconds,
            int shards) {
        this(completedBlocks, blockStep, randomPosition, lossFileBytes, elapsedSeconds, shards, 0, null, null, 0);
    }

    /** This position with the block in progress trained for {@code seconds} so far. */
    public TrainingState withBlockSeconds(double seconds) {
        return withCommitFields(generation, files, data, seconds);
    }

    /** P of the run that wrote this checkpoint (1 for a checkpoint that predates the field). */
    public int shardCount() {
        return Math.max(1, shards);
    }

    /** This state as committed: its generation, files and the data fingerprint. */
    public TrainingState committed(long generation, Map<String, String> files, DataFingerprint data) {
        return withCommitFields(generation, files, data, blockSeconds);
    }

    /** The same position in training with these four fields. */
    private TrainingState withCommitFields(
            long generation, Map<String, String> files, DataFingerprint data, double blockSeconds) {
        return new TrainingState(
                completedBlocks,
                blockStep,
                randomPosition,
                lossFileBytes,
                elapsedSeconds,
                shards,
                generation,
                files,
                data,
                blockSeconds);
    }

    /** "block 2, step 1,500": where training stands (the block in progress, or the last one completed). */
    public String where() {
        return blockStep > 0
                ? String.format("block %d, step %,d", completedBlocks + 1, blockStep)
                : completedBlocks == 0 ? "the start" : "the end of block " + completedBlocks;
    }
}
