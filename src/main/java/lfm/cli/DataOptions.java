package lfm.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link lfm.config.DataSpec} (a {@link Mixin} of
 * {@link TrainCommand}): the data, how an image becomes points, the pool size, the horizontal flip.
 */
final class DataOptions {

    @Option(
            names = "--data",
            description = "built-in 2D set (8gaussians, checkerboard, ...; "
                    + "rose-curve and branching-tree are procedural shapes, not the paper's rose and tree images), file.png, "
                    + "file.csv, file.npy, or a benchmark spec such as power:DIR (default: ${DEFAULT-VALUE})")
    @SpecField("data.source")
    String data;

    @Option(
            names = "--image-fit",
            description = "for image data: keep (aspect ratio kept, mass 1 − grey/255; the "
                    + "default) or stretch (both axes to [−4, 4], mass max − grey: the authors' fit)")
    String imageFit;

    @Option(
            names = "--hflip",
            description =
                    "image data: mirror each image of the first block's batches left-right " + "with probability 1/2")
    @SpecField("data.horizontalFlip")
    boolean hflip;

    @Option(
            names = "--pool",
            description =
                    "training points (built-in sets draw this many; files use at most this many, 0 = all) (default: ${DEFAULT-VALUE})")
    @SpecField("data.poolSize")
    int pool;
}
