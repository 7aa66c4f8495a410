package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.SIZES;

import java.util.ArrayList;
import java.util.List;
import lfm.tensor.Tensor;

/**
 * Transfers and element-wise ops on flat sizes that hit vector tails (1, 7, 33, 1000, 4097) and one
 * large enough to be split over threads (65537), with the aliasing each op's contract allows.
 */
final class ElementwiseCases {
    private static final Tolerance ROUNDING = new Tolerance(1e-6, 1e-6);

    private ElementwiseCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int n : SIZES) {
            cases.addAll(transfers(n));
            cases.addAll(arithmetic(n));
            cases.addAll(combines(n));
            cases.addAll(optimizerHelpers(n));
        }
        return cases;
    }

    private static List<ConformanceCase> transfers(int n) {
        return List.of(
                ConformanceCases.of("fromHost/toHost floats " + n, "fromHost", Tolerance.EXACT, w -> {
                    float[] host = new float[n];
                    for (int i = 0; i < n; i++) {
                        host[i] = (float) Math.sin(i) * 1e3f;
                    }
                    Tensor t = w.output(1, n);
                    w.backend().fromHost(host, t);
                    w.record("toHost", w.backend().toHost(t));
                }),
                ConformanceCases.of("fromHost/toHostDoubles doubles " + n, "toHostDoubles", Tolerance.EXACT, w -> {
                    double[] host = new double[n];
                    for (int i = 0; i < n; i++) {
                        host[i] = Math.cos(i) / 3;
                    }
                    Tensor t = w.output(1, n);
                    w.backend().fromHost(host, t);
                    double[] back = w.backend().toHostDoubles(t);
                    float[] rounded = new float[n];
                    for (int i = 0; i < n; i++) {
                        rounded[i] = (float) back[i];
                    }
                    w.record("toHostDoubles", rounded);
                }),
                ConformanceCases.of("copy " + n, "copy", Tolerance.EXACT, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().copy(w.uniform(1, n), out);
                    w.record("out", out);
                }),
                ConformanceCases.of("fill " + n, "fill", Tolerance.EXACT, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().fill(out, -2.5f);
                    w.record("out", out);
                }));
    }

    private static List<ConformanceCase> arithmetic(int n) {
        return List.of(
                ConformanceCases.of("add " + n, "add", ROUNDING, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().add(w.uniform(1, n), w.uniform(1, n), out);
                    w.record("out", out);
                }),
                ConformanceCases.of("add out=a " + n, "add", ROUNDING, w -> {
                    Tensor a = w.uniform(1, n);
                    w.backend().add(a, w.uniform(1, n), a);
                    w.record("out", a);
                }),
                ConformanceCases.of("multiply " + n, "multiply", ROUNDING, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().multiply(w.uniform(1, n), w.uniform(1, n), out);
                    w.record("out", out);
                }),
                ConformanceCases.of("multiply out=b " + n, "multiply", ROUNDING, w -> {
                    Tensor a = w.uniform(1, n);
                    Tensor b = w.uniform(1, n);
                    w.backend().multiply(a, b, b);
                    w.record("out", b);
                }),
                ConformanceCases.of("scale " + n, "scale", ROUNDING, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().scale(w.uniform(1, n), -1.75f, out);
                    w.record("out", out);
                }),
                ConformanceCases.of("scale out=a " + n, "scale", ROUNDING, w -> {
                    Tensor a = w.uniform(1, n);
                    w.backend().scale(a, 0.3f, a);
                    w.record("out", a);
                }),
                ConformanceCases.of("addScalar " + n, "addScalar", ROUNDING, w -> {
                    Tensor out = w.uniform(1, n);
                    w.backend().addScalar(w.tensor(1, 1, new float[] {0.8f}), 0.25f, out);
                    w.record("out", out);
                }),
                ConformanceCases.of("axpy " + n, "axpy", ROUNDING, w -> {
                    Tensor y = w.uniform(1, n);
                    w.backend().axpy(-0.6f, w.uniform(1, n), y);
                    w.record("y", y);
                }));
    }

    private static List<ConformanceCase> combines(int n) {
        float[] three = {0.5f, -0.25f, 2f};
        return List.of(
                ConformanceCases.of("combine base + 3 terms " + n, "combine", ROUNDING, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().combine(out, w.uniform(1, n), three, w.uniform(1, n), w.uniform(1, n), w.uniform(1, n));
                    w.record("out", out);
                }),
                ConformanceCases.of("combine no base, 2 terms " + n, "combine", ROUNDING, w -> {
                    Tensor out = w.output(1, n);
                    w.backend().combine(out, null, new float[] {1f / 6, 1f / 3}, w.uniform(1, n), w.uniform(1, n));
                    w.record("out", out);
                }),
                ConformanceCases.of("combine base=out, 3 terms " + n, "combine", ROUNDING, w -> {
                    Tensor out = w.uniform(1, n);
                    w.backend().combine(out, out, three, w.uniform(1, n), w.uniform(1, n), w.uniform(1, n));
                    w.record("out", out);
                }));
    }

    private static List<ConformanceCase> optimizerHelpers(int n) {
        return List.of(
                ConformanceCases.of("lerp " + n, "lerp", ROUNDING, w -> {
                    Tensor target = w.uniform(1, n);
                    w.backend().lerp(target, w.uniform(1, n), 0.01f);
                    w.record("target", target);
                }),
                ConformanceCases.of("clipByGlobalNorm clipping " + n, "clipByGlobalNorm", ROUNDING, w -> {
                    Tensor g = w.uniform(1, n);
                    w.backend().clipByGlobalNorm(g, w.tensor(1, 1, new float[] {16f}), 0.5f);
                    w.record("g", g);
                }),
                ConformanceCases.of("clipByGlobalNorm below the limit " + n, "clipByGlobalNorm", ROUNDING, w -> {
                    Tensor g = w.uniform(1, n);
                    w.backend().clipByGlobalNorm(g, w.tensor(1, 1, new float[] {0.01f}), 0.5f);
                    w.record("g", g);
                }));
    }
}
