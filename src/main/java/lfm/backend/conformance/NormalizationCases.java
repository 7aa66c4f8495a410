package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.SIZES;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Activation;
import lfm.tensor.Tensor;

/**
 * The UNet's per-sample ops: groupNorm and groupNormBackward (identity, SiLU and tanh fused; groups of
 * one channel and of many; channel counts off the vector width), addSampleBias and sampleBiasBackward,
 * dropout (the mask must match element for element) and the timestep embedding with its backward.
 */
final class NormalizationCases {
    /** {batch, pixels, channels, groups}; the last two are "large" (enough rows to split over threads). */
    private static final int[][] GROUP_SHAPES = {
        {1, 1, 1, 1}, {2, 9, 6, 3}, {3, 25, 33, 11}, {3, 49, 16, 8}, {3, 196, 32, 32}, {2, 64, 48, 8},
    };
    /** {batch, pixels, channels}; the last one is "large". */
    private static final int[][] BIAS_SHAPES = {{1, 1, 1}, {3, 7, 5}, {5, 49, 33}, {2, 784, 16}};

    private static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.SILU, Activation.TANH};
    private static final Tolerance NORMALIZED = new Tolerance(2e-5, 1e-4);
    private static final Tolerance NEAR_EXACT = new Tolerance(1e-7, 1e-6);

    private NormalizationCases() {}

    /** @param large whether to include the larger shapes (not where the kernels run on the CUDA emulator) */
    static List<ConformanceCase> all(boolean large) {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] shape : large ? GROUP_SHAPES : java.util.Arrays.copyOf(GROUP_SHAPES, 4)) {
            for (Activation activation : ACTIVATIONS) {
                cases.add(groupNorm(shape, activation));
                cases.add(groupNormBackward(shape, activation, false, true));
            }
            cases.add(groupNormBackward(shape, Activation.SILU, true, false));
        }
        for (int[] shape : large ? BIAS_SHAPES : java.util.Arrays.copyOf(BIAS_SHAPES, 3)) {
            int batch = shape[0], rows = shape[0] * shape[1], cols = shape[2];
            String size = batch + "x" + shape[1] + "x" + cols;
            cases.add(ConformanceCases.of("addSampleBias " + size, "addSampleBias", NEAR_EXACT, w -> {
                Tensor out = w.output(rows, cols);
                w.backend().addSampleBias(w.uniform(rows, cols), w.uniform(batch, cols), out);
                w.record("out", out);
            }));
            cases.add(ConformanceCases.of("addSampleBias " + size + " in place", "addSampleBias", NEAR_EXACT, w -> {
                Tensor x = w.uniform(rows, cols);
                w.backend().addSampleBias(x, w.uniform(batch, cols), x);
                w.record("x", x);
            }));
            for (boolean accumulate : new boolean[] {false, true}) {
                cases.add(ConformanceCases.of(
                        "sampleBiasBackward " + size + (accumulate ? " accumulate" : ""),
                        "sampleBiasBackward",
                        new Tolerance(1e-6 * Math.sqrt(shape[1]) + 1e-6, 1e-5),
                        w -> {
                            Tensor gradBias = accumulate ? w.uniform(batch, cols) : w.output(batch, cols);
                            w.backend().sampleBiasBackward(w.uniform(rows, cols), gradBias, accumulate);
                            w.record("gradBias", gradBias);
                        }));
            }
        }
        for (int n : large ? SIZES : new int[] {1, 7, 33, 1000}) {
            for (float p : new float[] {0f, 0.1f, 0.5f}) {
                cases.add(dropout(n, p, false));
            }
            cases.add(dropout(n, 0.25f, true));
        }
        for (int[] nk :
                large ? new int[][] {{1, 1}, {7, 8}, {33, 5}, {1000, 64}} : new int[][] {{1, 1}, {7, 8}, {33, 5}}) {
            int n = nk[0], k = nk[1];
            String size = n + " rows, width " + 2 * k;
            cases.add(ConformanceCases.of("timestepEmbedding " + size, "timestepEmbedding", NEAR_EXACT, w -> {
                Tensor out = w.output(n, 2 * k);
                w.backend().timestepEmbedding(w.uniform(n, 1, 0, 1), out);
                w.record("out", out);
            }));
            for (boolean accumulate : new boolean[] {false, true}) {
                cases.add(ConformanceCases.of(
                        "timestepEmbeddingBackward " + size + (accumulate ? " accumulate" : ""),
                        "timestepEmbeddingBackward",
                        new Tolerance(1e-5, 1e-5),
                        w -> {
                            Tensor t = w.uniform(n, 1, 0, 1);
                            Tensor gradT = accumulate ? w.uniform(n, 1) : w.output(n, 1);
                            w.backend().timestepEmbeddingBackward(t, w.uniform(n, 2 * k), gradT, accumulate);
                            w.record("gradT", gradT);
                        }));
            }
        }
        return cases;
    }

    private static String describe(int[] shape, Activation activation) {
        return String.format("%dx%dx%d, %d groups, %s", shape[0], shape[1], shape[2], shape[3], activation);
    }

    private static ConformanceCase groupNorm(int[] shape, Activation activation) {
        int batch = shape[0], rows = shape[0] * shape[1], channels = shape[2], groups = shape[3];
        return ConformanceCases.of("groupNorm " + describe(shape, activation), "groupNorm", NORMALIZED, w -> {
            Tensor x = w.uniform(rows, channels, -2, 3);
            Tensor out = w.output(rows, channels);
            Tensor mean = w.output(batch, groups);
            Tensor inverseStd = w.output(batch, groups);
            w.backend()
                    .groupNorm(
                            x,
                            w.uniform(1, channels, 0.5, 1.5),
                            w.uniform(1, channels),
                            1e-5f,
                            activation,
                            out,
                            mean,
                            inverseStd);
            w.record("out", out);
            w.record("mean", mean);
            w.record("inverseStd", inverseStd);
        });
    }

    private static ConformanceCase groupNormBackward(
            int[] shape, Activation activation, boolean accumulate, boolean parameters) {
        int batch = shape[0], rows = shape[0] * shape[1], channels = shape[2], groups = shape[3];
        String name = "groupNormBackward " + describe(shape, activation) + (accumulate ? " accumulate" : "")
                + (parameters ? "" : " no parameter gradients");
        Tolerance tolerance = new Tolerance(2e-5 + 1e-6 * Math.sqrt(rows), 1e-4);
        return ConformanceCases.of(name, "groupNormBackward", tolerance, w -> {
            Tensor x = w.uniform(rows, channels, -2, 3);
            Tensor gamma = w.uniform(1, channels, 0.5, 1.5);
            Tensor beta = w.uniform(1, channels);
            Tensor out = w.output(rows, channels);
            Tensor mean = w.output(batch, groups);
            Tensor inverseStd = w.output(batch, groups);
            w.backend().groupNorm(x, gamma, beta, 1e-5f, activation, out, mean, inverseStd);
            Tensor gradInput = accumulate ? w.uniform(rows, channels) : w.output(rows, channels);
            Tensor gradGamma = parameters ? w.uniform(1, channels) : null;
            Tensor gradBeta = parameters ? w.uniform(1, channels) : null;
            w.backend()
                    .groupNormBackward(
                            x,
                            gamma,
                            beta,
                            mean,
                            inverseStd,
                            activation,
                            w.uniform(rows, channels),
                            gradInput,
                            accumulate,
                            gradGamma,
                            gradBeta);
            w.record("gradInput", gradInput);
            if (parameters) {
                w.record("gradGamma", gradGamma);
                w.record("gradBeta", gradBeta);
            }
        });
    }

    private static ConformanceCase dropout(int n, float p, boolean accumulate) {
        String name = "dropout " + n + " p=" + p + (accumulate ? " accumulate" : "");
        return ConformanceCases.of(name, "dropout", NEAR_EXACT, w -> {
            Tensor out = accumulate ? w.uniform(1, n) : w.output(1, n);
            w.backend().dropout(w.uniform(1, n), p, w.key(), out, accumulate);
            w.record("out", out);
        });
    }
}
