package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.ConvGeometry;
import lfm.tensor.Tensor;

/**
 * conv2d, conv2dBackwardData and conv2dBackwardFilter over every form a convolution takes: kernel
 * 1 and 3, stride 1 and 2, with and without the fused ×2 upsampling. Each form runs four shapes that
 * cycle through C_in ∈ {1, 3, 5, 16}, C_out ∈ {1, 7, 16, 33}, H×W ∈ {1×1, 3×5, 8×8, 7×7} and batch
 * 1–3 with offsets that differ per form, so every value meets every form; a 28×28 and a 32-channel
 * shape reach the thread splits and several column blocks (the "large" cases, left out where the
 * kernels run on the CUDA emulator). Forward with and without bias, with the fused per-sample bias and
 * residual, and accumulating; the backward ops both overwriting (NaN-filled outputs) and accumulating.
 */
final class ConvolutionCases {
    private static final int[] IN_CHANNELS = {1, 3, 5, 16};
    private static final int[] OUT_CHANNELS = {1, 7, 16, 33};
    private static final int[][] SIZES = {{1, 1}, {3, 5}, {8, 8}, {7, 7}};

    private ConvolutionCases() {}

    /** The geometries: 8 forms × 4 cycled shapes, then (with {@code large}) two larger ones. */
    static List<ConvGeometry> geometries(boolean large) {
        List<ConvGeometry> list = new ArrayList<>();
        int form = 0;
        for (int kernel : new int[] {3, 1}) {
            for (int stride : new int[] {1, 2}) {
                for (boolean upsample : new boolean[] {false, true}) {
                    for (int i = 0; i < 4; i++) {
                        int[] size = SIZES[(i + 2 * form) % 4];
                        list.add(new ConvGeometry(
                                1 + (i + form) % 3,
                                size[0],
                                size[1],
                                IN_CHANNELS[i],
                                OUT_CHANNELS[(i + form) % 4],
                                kernel,
                                stride,
                                upsample));
                    }
                    form++;
                }
            }
        }
        if (large) {
            list.add(ConvGeometry.same3x3(3, 28, 28, 16, 32));
            list.add(new ConvGeometry(2, 14, 14, 32, 48, 3, 1, true));
        }
        return list;
    }

    static List<ConformanceCase> all(boolean large) {
        List<ConformanceCase> cases = new ArrayList<>();
        List<ConvGeometry> geometries = geometries(large);
        for (ConvGeometry g : geometries) {
            cases.add(forward(g, true, false, false, false));
            cases.add(backwardData(g, false));
            cases.add(backwardFilter(g, false, true));
        }
        for (ConvGeometry g : List.of(geometries.get(2), geometries.get(13), geometries.get(geometries.size() - 1))) {
            cases.add(forward(g, false, false, false, false));
            cases.add(forward(g, true, false, false, true));
            cases.add(forward(g, true, true, true, false));
            cases.add(forward(g, false, true, false, true));
            cases.add(forward(g, false, false, true, false));
            cases.add(backwardData(g, true));
            cases.add(backwardFilter(g, true, true));
            cases.add(backwardFilter(g, true, false));
        }
        return cases;
    }

    private static Tolerance tolerance(int terms) {
        return new Tolerance(2e-6 * Math.sqrt(terms) + 1e-6, 1e-5);
    }

    private static ConformanceCase forward(
            ConvGeometry g, boolean withBias, boolean withSampleBias, boolean withResidual, boolean accumulate) {
        String name = "conv2d " + g + (withBias ? "" : " no bias") + (withSampleBias ? " + sample bias" : "")
                + (withResidual ? " + residual" : "") + (accumulate ? " accumulate" : "");
        return ConformanceCases.of(name, "conv2d", tolerance(g.weightColumns()), w -> {
            Tensor input = w.uniform(g.inputRows(), g.inChannels());
            Tensor weight = w.uniform(g.outChannels(), g.weightColumns());
            Tensor bias = withBias ? w.uniform(1, g.outChannels()) : null;
            Tensor sampleBias = withSampleBias ? w.uniform(g.batch(), g.outChannels()) : null;
            Tensor residual = withResidual ? w.uniform(g.outputRows(), g.outChannels()) : null;
            Tensor out =
                    accumulate ? w.uniform(g.outputRows(), g.outChannels()) : w.output(g.outputRows(), g.outChannels());
            w.backend().conv2d(input, weight, bias, sampleBias, residual, g, out, accumulate);
            w.record("out", out);
        });
    }

    private static ConformanceCase backwardData(ConvGeometry g, boolean accumulate) {
        String name = "conv2dBackwardData " + g + (accumulate ? " accumulate" : "");
        int terms = g.outChannels() * g.kernel() * g.kernel() * (g.upsample() ? 4 : 1);
        return ConformanceCases.of(name, "conv2dBackwardData", tolerance(terms), w -> {
            Tensor gradOut = w.uniform(g.outputRows(), g.outChannels());
            Tensor weight = w.uniform(g.outChannels(), g.weightColumns());
            Tensor gradInput =
                    accumulate ? w.uniform(g.inputRows(), g.inChannels()) : w.output(g.inputRows(), g.inChannels());
            w.backend().conv2dBackwardData(gradOut, weight, g, gradInput, accumulate);
            w.record("gradInput", gradInput);
        });
    }

    private static ConformanceCase backwardFilter(ConvGeometry g, boolean accumulate, boolean withBias) {
        String name = "conv2dBackwardFilter " + g + (accumulate ? " accumulate" : "") + (withBias ? "" : " no bias");
        return ConformanceCases.of(name, "conv2dBackwardFilter", tolerance(g.outputRows()), w -> {
            Tensor input = w.uniform(g.inputRows(), g.inChannels());
            Tensor gradOut = w.uniform(g.outputRows(), g.outChannels());
            Tensor gradWeight = accumulate
                    ? w.uniform(g.outChannels(), g.weightColumns())
                    : w.output(g.outChannels(), g.weightColumns());
            Tensor gradBias =
                    !withBias ? null : accumulate ? w.uniform(1, g.outChannels()) : w.output(1, g.outChannels());
            w.backend().conv2dBackwardFilter(input, gradOut, g, gradWeight, gradBias, accumulate);
            w.record("gradWeight", gradWeight);
            if (gradBias != null) {
                w.record("gradBias", gradBias);
            }
        });
    }
}
