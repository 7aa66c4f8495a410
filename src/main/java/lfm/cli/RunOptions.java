package lfm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link lfm.config.RunSpec} (a {@link Mixin} of
 * {@link TrainCommand}): how the run is carried out and written (solvers, chunks, checkpoints, logs,
 * seed, run folder, plots, shards).
 */
final class RunOptions {

    @Option(
            names = "--push-solver",
            description = "solver for pushing the pool after each block (default: ${DEFAULT-VALUE})")
    @SpecField("run.pushSolver")
    String pushSolver;

    @Option(names = "--sample-solver", description = "default solver of sample/eval (default: ${DEFAULT-VALUE})")
    @SpecField("run.sampleSolver")
    String sampleSolver;

    @Option(
            names = "--chunk",
            description = "rows per chunk in pushes (default: ${DEFAULT-VALUE}; 256 images for a UNet, 64 in the "
                    + "fmnist-m and cifar-paper presets)")
    @SpecField("run.chunkRows")
    int chunk;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    @SpecField("run.checkpointEvery")
    int checkpointEvery;

    @Option(names = "--log-every", description = "steps between loss reports (default: ${DEFAULT-VALUE})")
    @SpecField("run.logEvery")
    int logEvery;

    @Option(names = "--seed", description = "seed of every random draw (default: ${DEFAULT-VALUE})")
    @SpecField("run.seed")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<data>-<method>-<time>)")
    @SpecField("run.out")
    Path out;

    @Option(names = "--no-plots", description = "skip samples.png, blocks.png and loss.png")
    @SpecField(value = "run.plots", negated = true)
    boolean noPlots;

    @Option(
            names = "--no-tensorboard",
            description = "write no TensorBoard log (tb/ in the run folder; train.json is always written)")
    @SpecField(value = "run.tensorboard", negated = true)
    boolean noTensorboard;

    @Option(
            names = "--shards",
            description = "split each batch into P shards computed one after the other, gradients "
                    + "summed in order: what P ranks of --distributed compute, bit for bit (default: ${DEFAULT-VALUE})")
    @SpecField("run.shards")
    int shards;

    @Option(
            names = "--check-every",
            description = "under --distributed: steps between checks that every rank holds "
                    + "the same weights, 0 = never (default: ${DEFAULT-VALUE})")
    @SpecField("run.checkEvery")
    int checkEvery;
}
