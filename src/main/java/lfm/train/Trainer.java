package lfm.train;

import java.io.IOException;
import java.nio.file.Files;
import lfm.backend.Backend;
import lfm.config.FlowSpec;
import lfm.config.OptimizationSpec;
import lfm.config.RunConfig;
import lfm.config.RunSpec;
import lfm.config.UNetSpec;
import lfm.data.DataMatrix;
import lfm.dist.ChunkDeal;
import lfm.flow.Schedule;
import lfm.io.ModuleWeights;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.random.Purpose;
import lfm.random.RandomStream;
import lfm.report.LossFile;
import lfm.report.LossPoint;
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
    private final TrainingCheckpoints checkpoints;
    private final DataParallel parallel;
    private final PoolPush pushes;
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
        this.checkpoints = new TrainingCheckpoints(folder, points, parallel, listener);
        this.backend = backend;
        this.config = config;
        this.flow = config.spec().flow();
        this.optimization = config.spec().optimization();
        this.run = config.spec().run();
        this.folder = folder;
        this.listener = listener;
        this.parallel = parallel;
        this.pushes = new PoolPush(backend, run, optimization.stepsPerBlock(), parallel, checkpoints, listener);
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
        TrainingState state = checkpoints.open(resume, trainingData, conditions, config);
        Schedule schedule = flow.schedule();
        long started = System.nanoTime();
        double elapsedBefore = state.elapsedSeconds();
        TrainingSummary.Builder summary = new TrainingSummary.Builder(schedule.blockCount());
        try (TensorArena poolArena = backend.newArena("pool");
                LossLog lossLog = parallel.writes()
                        ? new LossLog(folder.lossCsv(), state.lossFileBytes())
                        : LossLog.discarding(state.lossFileBytes())) {
            if (state.completedBlocks() > 0 && Files.exists(folder.lossCsv())) {
                for (LossPoint point : LossFile.read(folder.lossCsv())) { // in order: a block's last row wins
                    if (point.block() <= state.completedBlocks()) {
                        summary.loss(point.block(), point.loss()); // blocks an earlier session trained
                    }
                }
            }
            Tensor pool = poolArena.allocate(Shape.matrix(trainingData.rows(), trainingData.cols()));
            poolConditions =
                    conditions == null ? null : poolArena.allocate(Shape.matrix(conditions.rows(), conditions.cols()));
            if (conditions != null) {
                backend.fromHost(conditions.values(), poolConditions);
            }
            Snapshots snapshots = new Snapshots();
            if (state.completedBlocks() > 0) {
                checkpoints.restorePool(state, pool, snapshots);
            } else {
                backend.fromHost(trainingData.values(), pool);
                snapshots.add(pool);
            }
            trainingData = null; // the pool on the backend is the one copy from here on
            trainBlocks(state, schedule, pool, snapshots, lossLog, started, elapsedBefore, summary);
            summary.snapshots(snapshots.list());
        } finally {
            poolConditions = null;
        }
        return summary.build(elapsedBefore + seconds(started));
    }

    /**
     * Trains, pushes and commits every block after the {@code state.completedBlocks()} already finished,
     * each starting from the previous block's weights when warm start is on.
     */
    private void trainBlocks(
            TrainingState state,
            Schedule schedule,
            Tensor pool,
            Snapshots snapshots,
            LossLog lossLog,
            long started,
            double elapsedBefore,
            TrainingSummary.Builder summary)
            throws IOException {
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
            double pushSeconds = pushes.pushAndCommit(
                    block,
                    field,
                    pool,
                    poolConditions,
                    snapshots,
                    () -> new TrainingState(
                            block.index(),
                            0,
                            0,
                            lossLog.length(),
                            elapsedBefore + seconds(started),
                            parallel.shards()));
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
            listener.blockFinished(block, trainSeconds, pushSeconds, pushes.last());
        }
        if (previousArena != null) {
            previousArena.close();
        }
    }

    /**
     * Runs the optimiser steps of one block, checkpointing as it goes; returns its wall time, that of the
     * sessions before a resume included.
     */
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
        double secondsBefore = resumeFrom != null ? resumeFrom.blockSeconds() : 0; // of earlier sessions
        Adam adam = new Adam(field.parameters(), optimization.adamConfig(), arena);
        ExponentialMovingAverage ema = optimization.emaDecay() > 0
                ? new ExponentialMovingAverage(field, (float) optimization.emaDecay(), arena)
                : null;
        RandomStream random = new RandomStream(Purpose.TRAINING_BATCHES.seed(run.seed(), block.index()), 0);
        long firstStep = 0;
        if (resumeFrom != null) {
            checkpoints.restoreBlock(resumeFrom, field, adam, ema);
            adam.setSteps(resumeFrom.blockStep());
            random = new RandomStream(
                    Purpose.TRAINING_BATCHES.seed(run.seed(), block.index()), resumeFrom.randomPosition());
            firstStep = resumeFrom.blockStep();
        }
        long steps = optimization.stepsPerBlock();
        listener.blockStarted(block, blocks, firstStep, steps);
        var rates = optimization.learningRates();
        try (TrainingStep step = newStep(block, field, adam, ema)) {
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
                                        + checkpoints.resumeAdvice());
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
                                    parallel.shards())
                            .withBlockSeconds(secondsBefore + seconds(blockStart));
                    checkpoints.commitStep(position, field, adam, ema);
                }
            }
        }
        if (ema != null) {
            ema.copyTo(field);
        }
        return secondsBefore + seconds(blockStart);
    }

    /** The optimiser step of one block; block 1 of an image run with --hflip mirrors its batches. */
    private TrainingStep newStep(Schedule.Block block, VelocityField field, Adam adam, ExponentialMovingAverage ema) {
        TrainingStep step = new TrainingStep(
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
                config.spec().condition().dropout());
        if (config.spec().data().horizontalFlip()
                && block.index() == 1
                && config.spec().model() instanceof UNetSpec unet) {
            step.flipHorizontally(unet.image()); // block 1 sees the data; later blocks see pushed points
        }
        return step;
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
