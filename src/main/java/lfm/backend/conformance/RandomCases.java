package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.SIZES;

import java.util.ArrayList;
import java.util.List;
import lfm.flow.Interpolant;
import lfm.tensor.Tensor;

/**
 * Random draws and the fused flow-matching pair. Draws are pure functions of (key, element index)
 * (see {@link lfm.random.Distributions}), so every backend must produce the same float bits: these
 * cases are exact. pathSample is compared almost exactly (its arithmetic is defined in double).
 */
final class RandomCases {
    private RandomCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int n : SIZES) {
            cases.add(ConformanceCases.of("fillUniform " + n, "fillUniform", Tolerance.EXACT, w -> {
                Tensor out = w.output(1, n);
                w.backend().fillUniform(out, w.key());
                w.record("out", out);
            }));
            cases.add(ConformanceCases.of("fillNormal " + n, "fillNormal", Tolerance.EXACT, w -> {
                Tensor out = w.output(1, n);
                w.backend().fillNormal(out, w.key());
                w.record("out", out);
            }));
        }
        // {element offset, n}: fills that start inside a Philox block and end in another (RandomKey.skip)
        for (int[] window : new int[][] {{1, 7}, {3, 1000}, {6, 33}, {4097, 4097}}) {
            int offset = window[0], n = window[1];
            cases.add(ConformanceCases.of(
                    "fillUniform " + n + " from element " + offset, "fillUniform", Tolerance.EXACT, w -> {
                        Tensor out = w.output(1, n);
                        w.backend().fillUniform(out, w.key().skip(offset));
                        w.record("out", out);
                    }));
            cases.add(ConformanceCases.of(
                    "fillNormal " + n + " from element " + offset, "fillNormal", Tolerance.EXACT, w -> {
                        Tensor out = w.output(1, n);
                        w.backend().fillNormal(out, w.key().skip(offset));
                        w.record("out", out);
                    }));
        }
        cases.add(ConformanceCases.of("fillBeta(1.0, 0.5) 33 from element 5", "fillBeta", Tolerance.EXACT, w -> {
            Tensor out = w.output(1, 33);
            w.backend().fillBeta(out, 1, 0.5, w.key().skip(5));
            w.record("out", out);
        }));
        cases.add(ConformanceCases.of(
                "gatherRandomRows 33 of 5000x3 from row 7", "gatherRandomRows", Tolerance.EXACT, w -> {
                    Tensor source = w.uniform(5000, 3);
                    Tensor out = w.output(33, 3);
                    w.backend().gatherRandomRows(source, w.key().skip(7), out);
                    w.record("out", out);
                }));
        for (double[] ab : new double[][] {{1, 0.5}, {2, 3}, {0.3, 0.7}}) {
            for (int n : new int[] {7, 4097}) {
                cases.add(ConformanceCases.of(
                        "fillBeta(" + ab[0] + ", " + ab[1] + ") " + n, "fillBeta", Tolerance.EXACT, w -> {
                            Tensor out = w.output(1, n);
                            w.backend().fillBeta(out, ab[0], ab[1], w.key());
                            w.record("out", out);
                        }));
            }
        }
        // {source rows, cols, drawn rows}
        for (int[] shape : new int[][] {{1, 1, 7}, {5000, 2, 4097}, {33, 65, 1000}, {100000, 6, 33}}) {
            cases.add(ConformanceCases.of(
                    String.format("gatherRandomRows %d of %dx%d", shape[2], shape[0], shape[1]),
                    "gatherRandomRows",
                    Tolerance.EXACT,
                    w -> {
                        Tensor source = w.uniform(shape[0], shape[1]);
                        Tensor out = w.output(shape[2], shape[1]);
                        w.backend().gatherRandomRows(source, w.key(), out);
                        w.record("out", out);
                    }));
        }
        for (Interpolant interpolant : Interpolant.values()) {
            for (int[] shape : new int[][] {{1, 1}, {7, 3}, {4097, 2}, {1000, 6}, {10000, 2}}) {
                cases.add(pathSample(
                        interpolant,
                        shape[0],
                        shape[1],
                        (float) Math.exp(-0.025),
                        (float) Math.sqrt(-Math.expm1(-0.05)),
                        "OU step"));
            }
            cases.add(pathSample(interpolant, 1000, 6, 0f, 1f, "free block"));
            cases.add(pathSample(
                    interpolant,
                    7,
                    3,
                    (float) Math.exp(-0.025),
                    (float) Math.sqrt(-Math.expm1(-0.05)),
                    "OU step",
                    13 * 3));
        }
        return cases;
    }

    private static ConformanceCase pathSample(
            Interpolant interpolant, int rows, int cols, float shrink, float noiseScale, String what) {
        return pathSample(interpolant, rows, cols, shrink, noiseScale, what, 0);
    }

    /** The noise of row i is row firstNoise / cols + i of the draw (a rank's rows of a global batch). */
    private static ConformanceCase pathSample(
            Interpolant interpolant, int rows, int cols, float shrink, float noiseScale, String what, long firstNoise) {
        String name = String.format("pathSample %s %dx%d %s", interpolant, rows, cols, what)
                + (firstNoise > 0 ? " from element " + firstNoise : "");
        return ConformanceCases.of(name, "pathSample", new Tolerance(1e-7, 1e-6), w -> {
            Tensor xLeft = w.uniform(rows, cols, -4, 4);
            Tensor t = w.uniform(rows, 1, 0, 1);
            Tensor xt = w.output(rows, cols);
            Tensor target = w.output(rows, cols);
            w.backend()
                    .pathSample(
                            xLeft, t, shrink, noiseScale, interpolant, w.key().skip(firstNoise), xt, target);
            w.record("xt", xt);
            w.record("target", target);
        });
    }
}
