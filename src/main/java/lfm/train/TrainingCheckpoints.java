package lfm.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.flow.Schedule;
import lfm.io.HostTensor;
import lfm.io.ModuleWeights;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.run.Checkpoints;
import lfm.run.DataFingerprint;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import lfm.run.WritePoints;
import lfm.tensor.Tensor;

/**
 * The checkpoints of a run in training ({@link Checkpoints}, one atomic commit each): read back on
 * resume (the committed state, the pushed pool, the block in progress), and written every
 * {@code checkpointEvery} steps inside a block (weights, Adam moments, EMA, random stream position) and
 * after each block (its weights file, then the pushed pool committed as the completed block). Every rank
 * checks that what would be written is finite; rank 0 alone writes. The last committed state is the one
 * {@link #resumeAdvice} names after a non-finite value.
 */
final class TrainingCheckpoints {
    private final Checkpoints checkpoints;
    private final RunFolder folder;
    private final DataParallel parallel;
    private final TrainingListener listener;
    private TrainingState committed = TrainingState.FRESH;
    private DataFingerprint data;

    TrainingCheckpoints(RunFolder folder, WritePoints points, DataParallel parallel, TrainingListener listener) {
        this.checkpoints = new Checkpoints(folder, points);
        this.folder = folder;
        this.parallel = parallel;
        this.listener = listener;
    }

    /**
     * The state to continue from: the committed checkpoint on resume, else {@link TrainingState#FRESH}.
     * A resume on other data than the checkpoint's is refused. Rank 0 sweeps away files no commit holds and
     * writes config.json for a new run (or records a resume's new learning rate in it); a resume with
     * another shard count than its checkpoint's is warned of.
     */
    TrainingState open(boolean resume, DataMatrix trainingData, DataMatrix conditions, RunConfig config)
            throws IOException {
        TrainingState state = resume ? checkpoints.read() : TrainingState.FRESH;
        data = DataFingerprint.of(trainingData, conditions);
        checkpoints.requireSameData(state, data);
        if (parallel.writes()) {
            checkpoints.sweep(state);
        }
        committed = state;
        if ((!resume || !folder.hasState()) && parallel.writes()) {
            folder.writeConfig(config);
        } else if (parallel.writes()) {
            recordNewLearningRate(config.spec().optimization().learningRate());
        }
        if (state != TrainingState.FRESH && state.shardCount() != parallel.shards()) {
            listener.notice("warning: resuming a run checkpointed with " + state.shardCount() + " shard(s) on "
                    + parallel.shards() + ": correct, but not bit-identical to an uninterrupted run (the gradients "
                    + "are summed in another grouping)");
        }
        return state;
    }

    /**
     * A resume at another base learning rate (the way out of a divergence) records it in config.json, so
     * that a later resume continues at it too; the blocks already finished keep what they were trained at.
     */
    private void recordNewLearningRate(double now) throws IOException {
        RunConfig stored = folder.readConfig();
        double was = stored.spec().optimization().learningRate();
        if (was != now) {
            folder.writeConfig(stored.withSpec(spec -> spec.withOptimization(o -> o.withLearningRate(now))));
            listener.notice(
                    "resuming at learning rate " + now + " (was " + was + "); config.json records the new rate");
        }
    }

    /** Loads the pushed pool and the snapshots of a run resumed after {@code state.completedBlocks()} blocks. */
    void restorePool(TrainingState state, Tensor pool, Snapshots snapshots) throws IOException {
        ModuleWeights.load(
                pool,
                "pool",
                checkpoints.file(state, Checkpoints.POOL).tensors(),
                folder.state(
                        state.files() == null
                                ? "pool.safetensors"
                                : state.files().get(Checkpoints.POOL)));
        snapshots.restore(checkpoints.file(state, Checkpoints.SNAPSHOTS).tensors());
    }

    /** Loads the block in progress (weights, Adam moments, EMA) checkpointed at {@code state}. */
    void restoreBlock(TrainingState state, VelocityField field, Adam adam, ExponentialMovingAverage ema)
            throws IOException {
        PartialBlock.load(checkpoints, state, folder, field, adam, ema);
    }

    /**
     * Checkpoints the block in progress at {@code position}: checked finite on every rank, then, once
     * every rank has reached it (a barrier), committed by rank 0.
     */
    void commitStep(TrainingState position, VelocityField field, Adam adam, ExponentialMovingAverage ema)
            throws IOException {
        requireFinite(field, adam, ema, position.where());
        parallel.collective().barrier();
        if (parallel.writes()) {
            committed = checkpoints.commit(
                    committed, position, List.of(PartialBlock.save(field, adam, ema)), Set.of(), data);
        }
    }

    /**
     * Rank 0 writes the finished block's weights file and commits the pushed pool (and the snapshots) as
     * the completed block {@code completed}, dropping the checkpoint of the block in progress; the other
     * ranks write nothing.
     */
    void commitBlock(
            Schedule.Block block, VelocityField field, Tensor pool, Snapshots snapshots, TrainingState completed)
            throws IOException {
        if (!parallel.writes()) {
            return;
        }
        Map<String, HostTensor> poolFile = new LinkedHashMap<>();
        poolFile.put("pool", ModuleWeights.toHost(pool));
        checkpoints.writeOutput(
                completed,
                folder.blockWeights(block.index()),
                ModuleWeights.export(field, ""),
                Map.of("block", Integer.toString(block.index()), "format", "lfm-engine velocity field"));
        committed = checkpoints.commit(
                committed,
                completed,
                List.of(
                        new Checkpoints.StateFile(
                                Checkpoints.POOL, poolFile, Map.of("after_block", "" + block.index())),
                        new Checkpoints.StateFile(Checkpoints.SNAPSHOTS, snapshots.asTensors(), Map.of())),
                Set.of(Checkpoints.PARTIAL),
                data);
    }

    /** What to do after a non-finite value: nothing was written, the last checkpoint is the last good one. */
    String resumeAdvice() {
        return "nothing was written and the last checkpoint (" + committed.where() + ") is intact: resume it with a "
                + "lower learning rate (lfm train --out " + folder.root() + " --resume --lr RATE)";
    }

    /** Weights, Adam moments and EMA shadows of the block in progress must be finite to be checkpointed. */
    private void requireFinite(VelocityField field, Adam adam, ExponentialMovingAverage ema, String where) {
        FiniteCheck.weights(field.parameters(), where, resumeAdvice());
        FiniteCheck.require(adam.firstMoments(), names(field, "adam.m."), where, "the Adam moments", resumeAdvice());
        FiniteCheck.require(adam.secondMoments(), names(field, "adam.v."), where, "the Adam moments", resumeAdvice());
        if (ema != null) {
            FiniteCheck.require(ema.shadows(), names(field, "ema."), where, "the EMA weights", resumeAdvice());
        }
    }

    private static List<String> names(VelocityField field, String prefix) {
        return field.parameters().stream()
                .map(parameter -> prefix + parameter.name())
                .toList();
    }
}
