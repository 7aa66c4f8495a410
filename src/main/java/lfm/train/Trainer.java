package lfm.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lfm.backend.Backend;
import lfm.config.FlowSpec;
import lfm.config.OptimizationSpec;
import lfm.config.RunConfig;
import lfm.config.RunSpec;
import lfm.config.UNetSpec;
import lfm.data.DataMatrix;
import lfm.dist.ChunkDeal;
import lfm.dist.Collective;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.Schedule;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.io.HostTensor;
import lfm.io.ModuleWeights;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.random.Purpose;
import lfm.random.RandomStream;
import lfm.run.Checkpoints;
import lfm.run.DataFingerprint;
import lfm.run.RunFolder;
import lfm.run.RunLock;
import lfm.run.TrainingState;
import lfm.run.WritePoints;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Trains the blocks of a run in order. Block n learns, by flow matching, the velocity field carrying
 * the pool p_{n−1} to one OU step of itself (the last, free block: to N(0, I)); then the whole pool is
 * pushed through the trained block (t: 0 → 1) to give p_n. Block n starts from block n − 1's weights
 * when warm start is on.
 *
 * <p>After every block, and every {@code checkpointEvery} steps inside one, the run folder holds all
 * that is needed to continue exactly (weights, Adam moments, EMA, random stream position, pushed pool)
 * as one atomic commit ({@link Checkpoints}), so a run stopped at any instant — kill -9 included —
 * resumes to the same blocks. Training holds the run folder's lock ({@link RunLock}), refuses to resume on
 * other data ({@link DataFingerprint}), and writes nothing that is not finite ({@link FiniteCheck}).
 *
 * <p>Data parallel ({@link DataParallel}): every rank runs this same loop on identical weights; each
 * step's gradients are summed over the shards in shard order, the pool push is dealt to ranks by
 * fixed chunks and gathered back ({@link ChunkDeal}), rank 0 alone takes the lock and writes files (after
 * a barrier, so a checkpoint is only written once every rank has reached it), and every
 * {@code checkEvery} steps and at the end of each block the ranks' weights are compared by hash. Every
 * rank reads the committed checkpoint on resume, checked as rank 0 checks it.
 */
public final class Trainer {
    /** Points of the pushed pool kept after each block for the snapshot plot. */
    public static final int SNAPSHOT_POINTS = 4000;
    /**
     * Snapshot points used by the per-block energy distances reported to the listener (at most: fewer in
     * high dimension, {@link BlockEnergyDistances}).
     */
    public static final int DIAGNOSTIC_POINTS = 2000;

    private final Backend backend;
    private final RunConfig config;
    private final FlowSpec flow;
    private final OptimizationSpec optimization;
    private final RunSpec run;
    private final RunFolder folder;
    private final TrainingListener listener;
    private final Checkpoints checkpoints;
    private final DataParallel parallel;
    private SolveStats lastPush = SolveStats.NONE;
    private TrainingState committed = TrainingState.FRESH;
    private DataFingerprint data;
    private Tensor poolConditions;

    /** A trainer of one process, splitting each batch into the spec's {@code run.shards} micro-shards. */
    public Trainer(Backend backend, RunConfig config, RunFolder folder, TrainingListener listener) {
        this(
                backend,
                config,
                folder,
                listener,
                DataParallel.microShards(config.spec().run().shards()));
    }

    /** A trainer of one rank (or of micro-shards) of a data-parallel run; only rank 0 writes files. */
    public Trainer(
            Backend backend, RunConfig config, RunFolder folder, TrainingListener listener, DataParallel parallel) {
        this(backend, config, folder, listener, parallel, WritePoints.NONE);
    }

    /** A trainer that reports every write point of its checkpoints to {@code points} (fault-injection tests). */
    public Trainer(Backend backend, RunConfig config, RunFolder folder, TrainingListener listener, WritePoints points) {
        this(
                backend,
                config,
                folder,
                listener,
                DataParallel.microShards(config.spec().run().shards()),
                points);
    }

    /** A trainer of one rank, reporting rank 0's checkpoint write points to {@code points}. */
    public Trainer(
            Backend backend,
            RunConfig config,
            RunFolder folder,
            TrainingListener listener,
            DataParallel parallel,
            WritePoints points) {
        this.checkpoints = new Checkpoints(folder, points);
        this.backend = backend;
        this.config = config;
        this.flow = config.spec().flow();
        this.optimization = config.spec().optimization();
        this.run = config.spec().run();
        this.folder = folder;
        this.listener = listener;
        this.parallel = parallel;
    }

    /**
     * Trains every block not yet complete. {@code trainingData} is the (standardised) pool; it is only
     * read when no pushed pool has been saved yet.
     *
     * @return the run's summary (loss of each block's last interval, times)
     */
    public TrainingSummary train(DataMatrix trainingData, boolean resume) throws IOException {
        return train(() -> trainingData, null, resume);
    }

    /**
     * Trains a conditional run: {@code conditions} (P, C) holds the condition of every pool row, in the
     * model's coordinates (null for an unconditional run). The conditions ride along unchanged: the pool
     * is pushed through each block with its own conditions and they are never transported.
     */
    public TrainingSummary train(DataMatrix trainingData, DataMatrix conditions, boolean resume) throws IOException {
        return train(() -> trainingData, conditions, resume);
    }

    /**
     * As {@link #train(DataMatrix, DataMatrix, boolean)}, asking for the pool once and keeping no reference
     * to the host copy once it is on the backend: a caller that hands over its only reference keeps one
     * float32 copy of the pool during training (60,000 Fashion-MNIST images: 188 MB), not two.
     */
    public TrainingSummary train(
            java.util.function.Supplier<DataMatrix> trainingData, DataMatrix conditions, boolean resume)
            throws IOException {
        if ((conditions != null) != config.conditional()) {
            throw new IllegalArgumentException(
                    config.conditional()
                            ? "a conditional run needs the pool's conditions"
                            : "an unconditional run takes no conditions");
        }
        if (!parallel.writes()) {
            return trainUnlocked(trainingData.get(), conditions, resume);
        }
        RunLock lock = RunLock.acquire(folder); // held while the run trains
        try {
            return trainUnlocked(trainingData.get(), conditions, resume);
        } finally {
            lock.close();
        }
    }

    /** Trains holding the lock (rank 0) or without it (other ranks, which write nothing). */
    private TrainingSummary trainUnlocked(DataMatrix trainingData, DataMatrix conditions, boolean resume)
            throws IOException {
        if (conditions != null
                && (conditions.rows() != trainingData.rows()
                        || conditions.cols() != config.condition().dimension())) {
            throw new IllegalArgumentException("conditions " + conditions.rows() + "×" + conditions.cols()
                    + " for a pool of " + trainingData.rows() + " rows and C = "
                    + config.condition().dimension());
        }
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
            recordNewLearningRate();
        }
        if (state != TrainingState.FRESH && state.shardCount() != parallel.shards()) {
            listener.notice("warning: resuming a run checkpointed with " + state.shardCount() + " shard(s) on "
                    + parallel.shards() + ": correct, but not bit-identical to an uninterrupted run (the gradients "
                    + "are summed in another grouping)");
        }
        Schedule schedule = flow.schedule();
        long started = System.nanoTime();
        double elapsedBefore = state.elapsedSeconds();
        TrainingSummary.Builder summary = new TrainingSummary.Builder(schedule.blockCount());
        try (TensorArena poolArena = backend.newArena("pool");
                LossLog lossLog = parallel.writes()
                        ? new LossLog(folder.lossCsv(), state.lossFileBytes())
                        : LossLog.discarding(state.lossFileBytes())) {
            Tensor pool = poolArena.allocate(Shape.matrix(trainingData.rows(), trainingData.cols()));
            poolConditions =
                    conditions == null ? null : poolArena.allocate(Shape.matrix(conditions.rows(), conditions.cols()));
            if (conditions != null) {
                backend.fromHost(conditions.values(), poolConditions);
            }
            Snapshots snapshots = new Snapshots();
            if (state.completedBlocks() > 0) {
                restorePool(state, pool, snapshots);
            } else {
                backend.fromHost(trainingData.values(), pool);
                snapshots.add(pool);
            }
            trainingData = null; // the pool on the backend is the one copy from here on
            TensorArena previousArena = null;
            VelocityField previous = null;
            if (state.completedBlocks() > 0 && flow.warmStart()) {
                previousArena = backend.newArena("block-weights");
                previous = loadFinishedBlock(state.completedBlocks(), previousArena);
            }
            for (Schedule.Block block : schedule.blocks()) {
                if (block.index() <= state.completedBlocks()) {
                    continue;
                }
                TensorArena arena = backend.newArena("block-" + block.index());
                VelocityField field = config.newField(arena, initStream(block.index()));
                if (previous != null) {
                    field.copyFrom(previous);
                }
                boolean continuing = block.index() == state.completedBlocks() + 1 && state.blockStep() > 0;
                double trainSeconds = trainBlock(
                        block,
                        schedule.blockCount(),
                        field,
                        arena,
                        pool,
                        lossLog,
                        continuing ? state : null,
                        started,
                        elapsedBefore,
                        summary);
                double pushSeconds = pushAndSave(block, field, pool, snapshots, lossLog, started, elapsedBefore);
                BlockEnergyDistances.report(block, snapshots, run.seed(), listener);
                if (previousArena != null) {
                    previousArena.close();
                }
                previous = flow.warmStart() ? field : null;
                previousArena = arena;
                if (!flow.warmStart()) {
                    arena.close();
                    previousArena = null;
                }
                summary.block(block.index(), trainSeconds, pushSeconds);
                listener.blockFinished(block, trainSeconds, pushSeconds, lastPush);
            }
            if (previousArena != null) {
                previousArena.close();
            }
            summary.snapshots(snapshots.list());
        } finally {
            poolConditions = null;
        }
        return summary.build(elapsedBefore + seconds(started));
    }

    /** Runs the optimiser steps of one block, checkpointing as it goes; returns its wall time. */
    private double trainBlock(
            Schedule.Block block,
            int blocks,
            VelocityField field,
            TensorArena arena,
            Tensor pool,
            LossLog lossLog,
            TrainingState resumeFrom,
            long started,
            double elapsedBefore,
            TrainingSummary.Builder summary)
            throws IOException {
        long blockStart = System.nanoTime();
        Adam adam = new Adam(field.parameters(), optimization.adamConfig(), arena);
        ExponentialMovingAverage ema = optimization.emaDecay() > 0
                ? new ExponentialMovingAverage(field, (float) optimization.emaDecay(), arena)
                : null;
        RandomStream random = new RandomStream(Purpose.TRAINING_BATCHES.seed(run.seed(), block.index()), 0);
        long firstStep = 0;
        if (resumeFrom != null) {
            PartialBlock.load(checkpoints, resumeFrom, folder, field, adam, ema);
            adam.setSteps(resumeFrom.blockStep());
            random = new RandomStream(
                    Purpose.TRAINING_BATCHES.seed(run.seed(), block.index()), resumeFrom.randomPosition());
            firstStep = resumeFrom.blockStep();
        }
        long steps = optimization.stepsPerBlock();
        listener.blockStarted(block, blocks, firstStep, steps);
        var rates = optimization.learningRates();
        try (TrainingStep step = new TrainingStep(
                backend,
                field,
                block,
                flow.path(),
                flow.times(),
                optimization.batch(),
                optimization.timesPerPair(),
                adam,
                ema,
                optimization.gradientClip(),
                parallel,
                config.spec().condition().dropout())) {
            if (config.spec().data().horizontalFlip()
                    && block.index() == 1
                    && config.spec().model() instanceof UNetSpec unet) {
                step.flipHorizontally(unet.image()); // block 1 sees the data; later blocks see pushed points
            }
            for (long s = firstStep; s < steps; s++) {
                boolean last = s + 1 == steps;
                boolean logPoint = (s + 1) % run.logEvery() == 0 || last;
                step.run(pool, poolConditions, random, rates.rate(s), s < optimization.warmupSteps(), logPoint);
                if (parallel.checkEvery() > 0 && ((s + 1) % parallel.checkEvery() == 0 || last)) {
                    step.checkRanksAgree("after step " + (s + 1) + " of " + block);
                }
                if (logPoint) {
                    double loss = step.readMeanLoss();
                    if (!Double.isFinite(loss)) {
                        throw new FiniteCheck.NonFiniteException(
                                String.format("block %d, step %,d: the loss is %s; ", block.index(), s + 1, loss)
                                        + resumeAdvice());
                    }
                    double gradientNorm = step.readGradientNorm();
                    lossLog.append(
                            block.index(), s + 1, loss, rates.rate(s), gradientNorm, elapsedBefore + seconds(started));
                    listener.gradientNorm(block, s + 1, gradientNorm);
                    listener.progress(block, blocks, s + 1, steps, loss, rates.rate(s));
                    summary.loss(block.index(), loss);
                }
                if ((s + 1) % run.checkpointEvery() == 0 && !last) {
                    TrainingState position = new TrainingState(
                            block.index() - 1,
                            s + 1,
                            random.position(),
                            lossLog.length(),
                            elapsedBefore + seconds(started),
                            parallel.shards());
                    requireFinite(field, adam, ema, position.where());
                    collective().barrier();
                    if (parallel.writes()) {
                        committed = checkpoints.commit(
                                committed, position, List.of(PartialBlock.save(field, adam, ema)), Set.of(), data);
                    }
                }
            }
        }
        if (ema != null) {
            ema.copyTo(field);
        }
        return seconds(blockStart);
    }

    /**
     * Pushes the pool through the trained block, then writes the block's weights and commits the pushed
     * pool as the completed block; weights and pool are checked finite before anything is written.
     */
    private double pushAndSave(
            Schedule.Block block,
            VelocityField field,
            Tensor pool,
            Snapshots snapshots,
            LossLog lossLog,
            long started,
            double elapsedBefore)
            throws IOException {
        String end = String.format("block %d, step %,d (its end)", block.index(), optimization.stepsPerBlock());
        FiniteCheck.weights(field.parameters(), end, resumeAdvice());
        long pushStart = System.nanoTime();
        listener.pushStarted(block, pool.rows());
        SolveStats stats = push(field, pool);
        FiniteCheck.require(List.of(pool), List.of("pool"), end, "the pool pushed through the block", resumeAdvice());
        snapshots.add(pool);
        double pushSeconds = seconds(pushStart);
        collective().barrier();
        if (parallel.writes()) {
            Map<String, HostTensor> poolFile = new LinkedHashMap<>();
            poolFile.put("pool", ModuleWeights.toHost(pool));
            TrainingState completed = new TrainingState(
                    block.index(), 0, 0, lossLog.length(), elapsedBefore + seconds(started), parallel.shards());
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
        collective().barrier(); // the block file exists before any rank goes on (and may load the model)
        lastPush = stats;
        return pushSeconds;
    }

    /** Pushes the pool through a block (t: 0 → 1): this rank's chunks, then every rank's rows gathered. */
    private SolveStats push(VelocityField field, Tensor pool) {
        int[] bounds =
                ChunkDeal.bounds(pool.rows(), run.chunkRows(), collective().size());
        int from = bounds[collective().rank()];
        int count = bounds[collective().rank() + 1] - from;
        SolveStats stats = SolveStats.NONE;
        if (count > 0) {
            try (FieldDynamics dynamics = new FieldDynamics(
                    field, backend, poolConditions == null ? null : poolConditions.rowSlice(from, count), null)) {
                stats = Push.solve(
                        dynamics,
                        OdeSolver.parse(run.pushSolver(), 10),
                        pool.rowSlice(from, count),
                        0,
                        1,
                        run.chunkRows());
            }
        }
        ChunkDeal.allGatherRows(collective(), pool, bounds);
        long[] total =
                ChunkDeal.sumOverRanks(collective(), stats.evaluations(), stats.acceptedSteps(), stats.rejectedSteps());
        return new SolveStats(total[0], total[1], total[2]);
    }

    private Collective collective() {
        return parallel.collective();
    }

    /**
     * A resume at another base learning rate (the way out of a divergence) records it in config.json, so
     * that a later resume continues at it too; the blocks already finished keep what they were trained at.
     */
    private void recordNewLearningRate() throws IOException {
        RunConfig stored = folder.readConfig();
        double was = stored.spec().optimization().learningRate();
        double now = optimization.learningRate();
        if (was != now) {
            folder.writeConfig(stored.withSpec(spec -> spec.withOptimization(o -> o.withLearningRate(now))));
            listener.notice(
                    "resuming at learning rate " + now + " (was " + was + "); config.json records the new rate");
        }
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

    /** What to do after a non-finite value: nothing was written, the last checkpoint is the last good one. */
    private String resumeAdvice() {
        return "nothing was written and the last checkpoint (" + committed.where() + ") is intact: resume it with a "
                + "lower learning rate (lfm train --out " + folder.root() + " --resume --lr RATE)";
    }

    private void restorePool(TrainingState state, Tensor pool, Snapshots snapshots) throws IOException {
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

    private VelocityField loadFinishedBlock(int block, TensorArena arena) throws IOException {
        VelocityField field = config.newField(arena, initStream(block));
        ModuleWeights.load(
                field, "", folder.readTensors(folder.blockWeights(block)).tensors(), folder.blockWeights(block));
        return field;
    }

    /** Initial weights of block n come from their own stream, independent of training draws. */
    private RandomStream initStream(int block) {
        return new RandomStream(Purpose.INITIAL_WEIGHTS.seed(run.seed(), block), 0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
