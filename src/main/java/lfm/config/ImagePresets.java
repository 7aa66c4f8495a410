package lfm.config;

import java.util.List;

/**
 * The image presets: a UNet ({@link UNetSpec#preset}) trained by the authors' image procedure (OU blocks
 * γ = .1, .15, .225 + the free block, the OT interpolant, a linear warm-up then a constant rate, gradient
 * clip 1, an EMA of the weights, the whole training set as the pool), with step counts and EMA decays sized
 * to the preset (cifar-paper: the paper's, with horizontal flips). Unlike {@link Presets}' tabular and 2D
 * presets these are not a transcription of one of the authors' YAML files.
 *
 * <p>A push solves the pool in chunks of {@code --chunk} images, and the UNet's activations for one chunk
 * live at once: about 2 MB per fmnist-xs image (a 5,000-image chunk, the tabular default of 20,000 capped
 * by the pool, took 10 GB), so the presets push {@link UNetSpec#PUSH_CHUNK_ROWS} images per chunk
 * ({@link UNetSpec#WIDE_PUSH_CHUNK_ROWS} for the wider fmnist-m and cifar-paper networks).
 */
final class ImagePresets {
    private static final String RK4 = "rk4:10";
    private static final String DOPRI5 = "dopri5:1e-3,1e-3";

    private ImagePresets() {}

    /** Every image preset, smallest first. */
    static List<Preset> all() {
        return List.of(
                image("digits-t8", 1000, 64, 1e-3, 50, 0.99, RK4, false, UNetSpec.PUSH_CHUNK_ROWS),
                image("fmnist-xs", 1000, 128, 5e-4, 100, 0.999, RK4, false, UNetSpec.PUSH_CHUNK_ROWS),
                image("fmnist-s", 5000, 128, 2e-4, 500, 0.9995, DOPRI5, false, UNetSpec.PUSH_CHUNK_ROWS),
                image("fmnist-m", 20000, 128, 2e-4, 2000, 0.9999, DOPRI5, false, UNetSpec.WIDE_PUSH_CHUNK_ROWS),
                image("cifar-paper", 50000, 256, 1e-4, 5000, 0.9999, DOPRI5, true, UNetSpec.WIDE_PUSH_CHUNK_ROWS));
    }

    private static Preset image(
            String unet,
            int steps,
            int batch,
            double learningRate,
            long warmup,
            double ema,
            String solver,
            boolean horizontalFlip,
            int chunkRows) {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(UNetSpec.preset(unet))
                .withFlow(flow -> flow.withGammas(List.of(0.1, 0.15, 0.225)).withInterpolant("ot"))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(steps)
                        .withBatch(batch)
                        .withLearningRate(learningRate)
                        .withDecayFactor(1)
                        .withWarmupSteps(warmup)
                        .withGradientClip(1)
                        .withEmaDecay(ema))
                .withData(data -> data.withPoolSize(0).withHorizontalFlip(horizontalFlip))
                .withRun(run ->
                        run.withPushSolver(solver).withSampleSolver(solver).withChunkRows(chunkRows));
        return new Preset(
                unet,
                "UNet " + unet + " by the image procedure" + (horizontalFlip ? " with flips" : "")
                        + ": give --data as an image set (PATH.npy, mnist:DIR, ...)",
                spec,
                null);
    }
}
