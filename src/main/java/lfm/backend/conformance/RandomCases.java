package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.SIZES;
import static lfm.backend.conformance.ConformanceCases.of;

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
    private RandomCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int n : SIZES) {
            cases.add(of("fillUniform " + n, "fillUniform", Tolerance.EXACT, w -> {
                Tensor out = w.output(1, n);
                w.backend().fillUniform(out, w.key());
                w.record("out", out);
            }));
            cases.add(of("fillNormal " + n, "fillNormal", Tolerance.EXACT, w -> {
                Tensor out = w.output(1, n);
                w.backend().fillNormal(out, w.key());
                w.record("out", out);
            }));
        }
        for (double[] ab : new double[][] {{1, 0.5}, {2, 3}, {0.3, 0.7}}) {
            for (int n : new int[] {7, 4097}) {
                cases.add(of("fillBeta(" + ab[0] + ", " + ab[1] + ") " + n, "fillBeta", Tolerance.EXACT, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().fillBeta(out, ab[0], ab[1], w.key());
                    w.record("out", out);
                }));
            }
        }
        // {source rows, cols, drawn rows}
        for (int[] shape : new int[][] {{1, 1, 7}, {5000, 2, 4097}, {33, 65, 1000}, {100000, 6, 33}}) {
            cases.add(of(String.format("gatherRandomRows %d of %dx%d", shape[2], shape[0], shape[1]),
                    "gatherRandomRows", Tolerance.EXACT, w -> {
                    Tensor source = w.uniform(shape[0], shape[1]);
                    Tensor out = w.output(shape[2], shape[1]);
                    w.backend().gatherRandomRows(source, w.key(), out);
                    w.record("out", out);
                }));
        }
        for (Interpolant interpolant : Interpolant.values()) {
            for (int[] shape : new int[][] {{1, 1}, {7, 3}, {4097, 2}, {1000, 6}, {10000, 2}}) {
                cases.add(pathSample(interpolant, shape[0], shape[1], (float) Math.exp(-0.025),
                        (float) Math.sqrt(-Math.expm1(-0.05)), "OU step"));
            }
            cases.add(pathSample(interpolant, 1000, 6, 0f, 1f, "free block"));
        }
        return cases;
    }

    private static ConformanceCase pathSample(Interpolant interpolant, int rows, int cols, float shrink,
                                              float noiseScale, String what) {
        String name = String.format("pathSample %s %dx%d %s", interpolant, rows, cols, what);
        return of(name, "pathSample", new Tolerance(1e-7, 1e-6), w -> {
            Tensor xLeft = w.uniform(rows, cols, -4, 4);
            Tensor t = w.uniform(rows, 1, 0, 1);
            Tensor xt = w.output(rows, cols);
            Tensor target = w.output(rows, cols);
            w.backend().pathSample(xLeft, t, shrink, noiseScale, interpolant, w.key(), xt, target);
            w.record("xt", xt);
            w.record("target", target);
        });
    }
}
