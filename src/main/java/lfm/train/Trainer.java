package lfm.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.backend.Backend;
import lfm.config.FlowSpec;
import lfm.config.OptimizationSpec;
import lfm.config.RunConfig;
import lfm.config.RunSpec;
import lfm.data.DataMatrix;
import lfm.dist.ChunkDeal;
import lfm.dist.Collective;
import lfm.eval.BlockDiagnostics;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.Schedule;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.io.HostTensor;
import lfm.io.ModuleWeights;
import lfm.metrics.EnergyDistance;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.random.Distributions;
import lfm.random.RandomStream;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
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
 * that is needed to continue exactly (weights, Adam moments, EMA, random stream position, pushed pool),
 * so a run stopped at any moment — kill -9 included — resumes to the same blocks.
 *
 * <p>Data parallel ({@link DataParallel}): every rank runs this same loop on identical weights; each
 * step's gradients are summed over the shards in shard order, the pool push is dealt to ranks by
 * fixed chunks and gathered back ({@link ChunkDeal}), rank 0 alone writes files (after a barrier, so a
 * checkpoint is only written once every rank has reached it), and every {@code checkEvery} steps and
 * at the end of each block the ranks' weights are compared by hash.
 */
public final class Trainer {
    /** Points of the pushed pool kept after each block for the snapshot plot. */
    public static final int SNAPSHOT_POINTS = 4000;
    /** Snapshot points used by the per-block energy distances reported to the listener. */
    public static final int DIAGNOSTIC_POINTS = 2000;

    private final Backend backend;
    private final RunConfig config;
    private final FlowSpec flow;
    private final OptimizationSpec optimization;
    private final RunSpec run;
    private final RunFolder folder;
    private final TrainingListener listener;
    private final DataParallel parallel;
    private SolveStats lastPush = SolveStats.NONE;

    /** A trainer of one process, splitting each batch into the spec's {@code run.shards} micro-shards. */
    public Trainer(Backend backend, RunConfig config, RunFolder folder, TrainingListener listener) {
        this(backend, config, folder, listener, DataParallel.microShards(config.spec().run().shards()));
    }

    /** A trainer of one rank (or of micro-shards) of a data-parallel run; only rank 0 writes files. */
    public Trainer(Backend backend, RunConfig config, RunFolder folder, TrainingListener listener,
                   DataParallel parallel) {
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
        TrainingState state = resume && folder.hasState() ? folder.readState() : TrainingState.FRESH;
        if ((!resume || !folder.hasState()) && parallel.writes()) {
            folder.writeConfig(config);
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
             LossLog lossLog = parallel.writes() ? new LossLog(folder.lossCsv(), state.lossFileBytes())
                     : LossLog.discarding(state.lossFileBytes())) {
            Tensor pool = poolArena.allocate(Shape.matrix(trainingData.rows(), trainingData.cols()));
            Snapshots snapshots = new Snapshots();
            if (state.completedBlocks() > 0) {
                restorePool(pool, snapshots);
            } else {
                backend.fromHost(trainingData.values(), pool);
                snapshots.add(pool);
            }
            TensorArena previousArena = null;
            VelocityField previous = state.completedBlocks() > 0 && flow.warmStart()
                    ? loadFinishedBlock(state.completedBlocks(), previousArena = backend.newArena("block-weights"))
                    : null;
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
                double trainSeconds = trainBlock(block, schedule.blockCount(), field, arena, pool, lossLog,
                        continuing ? state : null, started, elapsedBefore, summary);
                double pushSeconds = pushAndSave(block, field, pool, snapshots, lossLog, started, elapsedBefore);
                diagnose(block, snapshots);
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
        }
        return summary.build(elapsedBefore + seconds(started));
    }

    /** Runs the optimiser steps of one block, checkpointing as it goes; returns its wall time. */
    private double trainBlock(Schedule.Block block, int blocks, VelocityField field, TensorArena arena, Tensor pool,
                              LossLog lossLog, TrainingState resumeFrom, long started, double elapsedBefore,
                              TrainingSummary.Builder summary) throws IOException {
        long blockStart = System.nanoTime();
        Adam adam = new Adam(field.parameters(), optimization.adamConfig(), arena);
        ExponentialMovingAverage ema = optimization.emaDecay() > 0
                ? new ExponentialMovingAverage(field, (float) optimization.emaDecay(), arena) : null;
        RandomStream random = new RandomStream(Distributions.mix(run.seed(), block.index()), 0);
        long firstStep = 0;
        if (resumeFrom != null) {
            PartialBlock.load(folder, field, adam, ema);
            adam.setSteps(resumeFrom.blockStep());
            random = new RandomStream(Distributions.mix(run.seed(), block.index()), resumeFrom.randomPosition());
            firstStep = resumeFrom.blockStep();
        }
        long steps = optimization.stepsPerBlock();
        listener.blockStarted(block, blocks, firstStep, steps);
        var rates = optimization.learningRates();
        try (TrainingStep step = new TrainingStep(backend, field, block, flow.path(), flow.times(),
                optimization.batch(), adam, ema, optimization.gradientClip(), parallel)) {
            for (long s = firstStep; s < steps; s++) {
                boolean last = s + 1 == steps;
                boolean logPoint = (s + 1) % run.logEvery() == 0 || last;
                step.run(pool, random, rates.rate(s), logPoint);
                if (parallel.checkEvery() > 0 && ((s + 1) % parallel.checkEvery() == 0 || last)) {
                    step.checkRanksAgree("after step " + (s + 1) + " of " + block);
                }
                if (logPoint) {
                    double loss = step.readMeanLoss();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the loss became " + loss + " in " + block + " at step "
                                + (s + 1) + "; lower --lr or set --clip");
                    }
                    double gradientNorm = step.readGradientNorm();
                    lossLog.append(block.index(), s + 1, loss, rates.rate(s), gradientNorm, elapsedBefore + seconds(started));
                    listener.gradientNorm(block, s + 1, gradientNorm);
                    listener.progress(block, blocks, s + 1, steps, loss, rates.rate(s));
                    summary.loss(block.index(), loss);
                }
                if ((s + 1) % run.checkpointEvery() == 0 && !last) {
                    collective().barrier();
                    if (parallel.writes()) {
                        PartialBlock.save(folder, field, adam, ema);
                        folder.writeState(new TrainingState(block.index() - 1, s + 1, random.position(),
                                lossLog.length(), elapsedBefore + seconds(started), parallel.shards()));
                    }
                }
            }
        }
        if (ema != null) {
            ema.copyTo(field);
        }
        return seconds(blockStart);
    }

    /** Saves the block's weights, pushes the pool through it and records the completed block. */
    private double pushAndSave(Schedule.Block block, VelocityField field, Tensor pool, Snapshots snapshots,
                               LossLog lossLog, long started, double elapsedBefore) throws IOException {
        collective().barrier();
        if (parallel.writes()) {
            folder.writeTensors(folder.blockWeights(block.index()), ModuleWeights.export(field, ""),
                    Map.of("block", Integer.toString(block.index()), "format", "lfm-engine velocity field"));
        }
        long pushStart = System.nanoTime();
        listener.pushStarted(block, pool.rows());
        SolveStats stats = push(field, pool);
        snapshots.add(pool);
        collective().barrier();
        if (parallel.writes()) {
            Map<String, HostTensor> poolFile = new LinkedHashMap<>();
            poolFile.put("pool", ModuleWeights.toHost(pool));
            folder.writeTensors(folder.state("pool.safetensors"), poolFile, Map.of("after_block", "" + block.index()));
            folder.writeTensors(folder.state("snapshots.safetensors"), snapshots.asTensors(), Map.of());
            folder.writeState(new TrainingState(block.index(), 0, 0, lossLog.length(), elapsedBefore + seconds(started),
                    parallel.shards()));
        }
        lastPush = stats;
        return seconds(pushStart);
    }

    /** Pushes the pool through a block (t: 0 → 1): this rank's chunks, then every rank's rows gathered. */
    private SolveStats push(VelocityField field, Tensor pool) {
        int[] bounds = ChunkDeal.bounds(pool.rows(), run.chunkRows(), collective().size());
        int from = bounds[collective().rank()];
        int count = bounds[collective().rank() + 1] - from;
        SolveStats stats = SolveStats.NONE;
        if (count > 0) {
            try (FieldDynamics dynamics = new FieldDynamics(field, backend)) {
                stats = Push.solve(dynamics, OdeSolver.parse(run.pushSolver(), 10), pool.rowSlice(from, count), 0, 1,
                        run.chunkRows());
            }
        }
        ChunkDeal.allGatherRows(collective(), pool, bounds);
        long[] total = ChunkDeal.sumOverRanks(collective(), stats.evaluations(), stats.acceptedSteps(),
                stats.rejectedSteps());
        return new SolveStats(total[0], total[1], total[2]);
    }

    private Collective collective() {
        return parallel.collective();
    }

    /**
     * Energy distances of the first {@value #DIAGNOSTIC_POINTS} snapshot points: p_{n−1} → p_n, and p_n
     * against as many N(0, I) points (O(points²) on the host, a fraction of a second).
     */
    private void diagnose(Schedule.Block block, Snapshots snapshots) {
        List<DataMatrix> pools = snapshots.list();
        DataMatrix before = pools.get(pools.size() - 2), after = pools.get(pools.size() - 1);
        int rows = Math.min(DIAGNOSTIC_POINTS, after.rows());
        if (rows < 2) {
            return;
        }
        DataMatrix now = after.rows(0, rows);
        double step = EnergyDistance.of(before.rows(0, rows), now);
        double noise = EnergyDistance.of(now, BlockDiagnostics.standardNormal(rows, now.cols(), run.seed()));
        listener.blockDiagnostics(block, step, noise);
    }

    private void restorePool(Tensor pool, Snapshots snapshots) throws IOException {
        var contents = folder.readTensors(folder.state("pool.safetensors"));
        ModuleWeights.load(pool, "pool", contents.tensors(), folder.state("pool.safetensors"));
        snapshots.restore(folder.readTensors(folder.state("snapshots.safetensors")).tensors());
    }

    private VelocityField loadFinishedBlock(int block, TensorArena arena) throws IOException {
        VelocityField field = config.newField(arena, initStream(block));
        ModuleWeights.load(field, "", folder.readTensors(folder.blockWeights(block)).tensors(), folder.blockWeights(block));
        return field;
    }

    /** Initial weights of block n come from their own stream, independent of training draws. */
    private RandomStream initStream(int block) {
        return new RandomStream(Distributions.mix(run.seed(), -block), 0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
