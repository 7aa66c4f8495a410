package lfm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Every op of a candidate backend against the reference on the same inputs, at sizes that hit the
 * kernels' tails, with |a − e| ≤ atol + rtol·|e| per element. Runs from the jar (no JUnit), so the GPU
 * machine, which has no Maven, can run it through {@code lfm gpu-check}; the JUnit agreement harness
 * (lfm.backend.conformance) covers the same ground in the build.
 */
public final class BackendComparison {
    /** Element counts (elementwise ops) or row counts (matrix ops). */
    private static final int[] SIZES = {1, 7, 33, 1000, 4097};

    /** One op at one size: passed, or the first mismatches. */
    public record Result(String op, int size, boolean passed, String detail) {}

    /** A tensor on both backends. */
    private record Twin(Tensor candidate, Tensor reference) {}

    private final Backend candidate;
    private final Backend reference;
    private final TensorArena candidateArena;
    private final TensorArena referenceArena;
    private final List<Result> results = new ArrayList<>();
    private long draws;
    private int size;

    public BackendComparison(Backend candidate, Backend reference) {
        this.candidate = candidate;
        this.reference = reference;
        this.candidateArena = candidate.newArena("comparison");
        this.referenceArena = reference.newArena("comparison");
    }

    /** Runs every case at every size and returns the results (also on failure). */
    public List<Result> run() {
        try {
            for (int n : SIZES) {
                size = n;
                elementwise(n);
                matrices(n);
                denseLayer(n);
                reductions(n);
                columnsAndTime(n);
                randomAndFlow(n);
                optimisation(n);
            }
        } finally {
            candidateArena.close();
            referenceArena.close();
        }
        return results;
    }

    // ---------------------------------------------------------------- cases

    private void elementwise(int n) {
        Twin a = random(1, n, -2, 2), b = random(1, n, -2, 2), out = random(1, n, -1, 1);
        both("fill", x -> x.fill(on(x, out), 0.375f), out, 0, 0);
        both("copy", x -> x.copy(on(x, a), on(x, out)), out, 0, 0);
        both("add", x -> x.add(on(x, a), on(x, b), on(x, out)), out, 1e-6, 1e-6);
        both("multiply", x -> x.multiply(on(x, a), on(x, b), on(x, out)), out, 1e-6, 1e-6);
        both("scale", x -> x.scale(on(x, a), -1.75f, on(x, out)), out, 1e-6, 1e-6);
        Twin scalar = random(1, 1, -1, 1);
        both("addScalar", x -> x.addScalar(on(x, scalar), 0.5f, on(x, out)), out, 1e-6, 1e-6);
        both("axpy", x -> x.axpy(0.3f, on(x, a), on(x, out)), out, 1e-6, 1e-6);
        Twin[] terms = new Twin[10];
        float[] coefficients = new float[10];
        for (int k = 0; k < terms.length; k++) {
            terms[k] = random(1, n, -1, 1);
            coefficients[k] = 0.1f * (k + 1) * (k % 2 == 0 ? 1 : -1);
        }
        both(
                "combine (base, 3 terms)",
                x -> x.combine(
                        on(x, out),
                        on(x, a),
                        new float[] {0.5f, -0.25f, 2f},
                        on(x, terms[0]),
                        on(x, terms[1]),
                        on(x, terms[2])),
                out,
                1e-6,
                1e-5);
        both(
                "combine (aliased base, 10 terms)",
                x -> x.combine(on(x, out), on(x, out), coefficients, onAll(x, terms)),
                out,
                1e-6,
                1e-5);
        both("combine (no base)", x -> x.combine(on(x, out), null, new float[] {1.5f}, on(x, b)), out, 1e-6, 1e-6);
        both("lerp", x -> x.lerp(on(x, out), on(x, a), 0.1f), out, 1e-6, 1e-6);
    }

    private void matrices(int n) {
        int[][] shapes = {{n, 19, 13}, {7, n, 5}, {3, 4, n}}; // (m, k, n) with the size on each axis
        for (int[] s : shapes) {
            int m = s[0], k = s[1], cols = s[2];
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                Twin a = ta ? random(k, m, -1, 1) : random(m, k, -1, 1);
                Twin b = tb ? random(cols, k, -1, 1) : random(k, cols, -1, 1);
                Twin c = constant(m, cols, Float.NaN);
                String shape =
                        String.format(Locale.ROOT, "matmul %s%s %dx%dx%d", ta ? "T" : "N", tb ? "T" : "N", m, k, cols);
                both(
                        shape + " beta 0",
                        x -> x.matmul(on(x, a), ta, on(x, b), tb, on(x, c), 1.5f, 0f),
                        c,
                        1e-5 * Math.sqrt(k),
                        1e-4);
                both(
                        shape + " beta 0.5",
                        x -> x.matmul(on(x, a), ta, on(x, b), tb, on(x, c), -1f, 0.5f),
                        c,
                        1e-5 * Math.sqrt(k),
                        1e-4);
            }
        }
    }

    private static final Activation[] ACTIVATIONS = {
        Activation.IDENTITY,
        Activation.RELU,
        Activation.softplus(20f),
        Activation.softplus(1f),
        Activation.SILU,
        Activation.elu(1f),
        Activation.TANH
    };

    private void denseLayer(int n) {
        int cols = 37;
        for (Activation activation : ACTIVATIONS) {
            Twin pre = random(n, cols, -2, 2), bias = random(1, cols, -0.5f, 0.5f);
            Twin out = activation.kind() == Activation.Kind.IDENTITY ? pre : constant(n, cols, Float.NaN);
            both(
                    "biasActivation " + activation,
                    x -> x.biasActivation(on(x, pre), on(x, bias), activation, on(x, out)),
                    out,
                    2e-6,
                    1e-5);
            compare("biasActivation " + activation + " (pre)", pre, 1e-6, 1e-6);
            Twin gradOut = random(n, cols, -1, 1), gradBias = random(1, cols, -1, 1);
            Twin gradPre = constant(n, cols, Float.NaN);
            both(
                    "activationBackward " + activation,
                    x -> x.activationBackward(
                            on(x, pre), on(x, out), on(x, gradOut), activation, on(x, gradPre), on(x, gradBias)),
                    gradPre,
                    2e-6,
                    1e-5);
            compare("activationBackward " + activation + " (bias)", gradBias, 1e-5, 1e-5);
            both(
                    "activationBackward aliased, no bias " + activation,
                    x -> x.activationBackward(on(x, pre), on(x, out), on(x, gradOut), activation, on(x, gradOut), null),
                    gradOut,
                    2e-6,
                    1e-5);
            Twin tangents = random(3 * n, cols, -1, 1);
            both(
                    "activationTangent " + activation,
                    x -> x.activationTangent(on(x, pre), activation, on(x, tangents)),
                    tangents,
                    2e-6,
                    1e-5);
        }
    }

    private void reductions(int n) {
        Twin a = random(1, n, -1, 1), b = random(1, n, -1, 1), scalar = random(1, 1, -1, 1);
        double sumTolerance = 1e-6 * Math.sqrt(n);
        both("sum", x -> x.sum(on(x, a), on(x, scalar), false), scalar, sumTolerance, 1e-6);
        both("sum accumulate", x -> x.sum(on(x, a), on(x, scalar), true), scalar, sumTolerance, 1e-6);
        both("sumOfSquares accumulate", x -> x.sumOfSquares(on(x, a), on(x, scalar), true), scalar, sumTolerance, 1e-6);
        both("mseForward", x -> x.mseForward(on(x, a), on(x, b), on(x, scalar)), scalar, 1e-6, 1e-6);
        Twin grad = random(1, n, -1, 1), gradLoss = random(1, 1, 0.5f, 2);
        both("mseBackward", x -> x.mseBackward(on(x, a), on(x, b), on(x, gradLoss), on(x, grad)), grad, 1e-6, 1e-5);
        Twin x0 = random(1, n, -3, 3), x1 = random(1, n, -3, 3);
        both(
                "errorRatioSquares",
                x -> x.errorRatioSquares(on(x, a), on(x, x0), on(x, x1), 1e-3f, 1e-4f, on(x, scalar)),
                scalar,
                0,
                1e-5);
        Twin matrix = random(n, 37, -1, 1), columns = random(1, 37, -1, 1);
        both("columnSums", x -> x.columnSums(on(x, matrix), on(x, columns), false), columns, sumTolerance, 1e-5);
        both(
                "columnSums accumulate",
                x -> x.columnSums(on(x, matrix), on(x, columns), true),
                columns,
                sumTolerance,
                1e-5);
        Twin other = random(n, 37, -1, 1), rows = random(n, 1, -1, 1);
        both(
                "rowDot accumulate",
                x -> x.rowDot(on(x, matrix), on(x, other), 0.5f, on(x, rows), true),
                rows,
                1e-5,
                1e-5);
        Twin stacked = random(3 * n, 3, -1, 1);
        both("stackedDiagonal", x -> x.stackedDiagonal(on(x, stacked), -2f, on(x, rows), false), rows, 1e-6, 1e-6);
    }

    private void columnsAndTime(int n) {
        Twin left = random(n, 3, -1, 1), right = random(n, 5, -1, 1), out = constant(n, 8, Float.NaN);
        both("concatColumns", x -> x.concatColumns(on(x, left), on(x, right), on(x, out)), out, 0, 0);
        both(
                "splitColumns accumulate",
                x -> x.splitColumns(on(x, out), on(x, left), on(x, right), true),
                left,
                1e-6,
                1e-6);
        compare("splitColumns accumulate (right)", right, 1e-6, 1e-6);
        both("splitColumns right only", x -> x.splitColumns(on(x, out), null, on(x, right), false), right, 0, 0);
        Twin t = random(n, 1, 0, 1), embedding = constant(n, 8, Float.NaN), gradT = random(n, 1, -1, 1);
        both("timeEmbedding", x -> x.timeEmbedding(on(x, t), on(x, embedding)), embedding, 1e-6, 1e-5);
        Twin gradOut = random(n, 8, -1, 1);
        both(
                "timeEmbeddingBackward",
                x -> x.timeEmbeddingBackward(on(x, t), on(x, gradOut), on(x, gradT), true),
                gradT,
                1e-3,
                1e-5);
    }

    private void randomAndFlow(int n) {
        RandomKey key = new RandomKey(20241002L, 17 + n);
        Twin out = constant(1, n, Float.NaN);
        both("fillUniform", x -> x.fillUniform(on(x, out), key), out, 0, 0);
        both("fillNormal", x -> x.fillNormal(on(x, out), key), out, 1e-6, 1e-6);
        both("fillBeta(1, 0.5)", x -> x.fillBeta(on(x, out), 1, 0.5, key), out, 1e-6, 1e-5);
        both("fillBeta(0.3, 2)", x -> x.fillBeta(on(x, out), 0.3, 2, key), out, 1e-6, 1e-5);
        Twin source = random(50, 3, -1, 1), gathered = constant(n, 3, Float.NaN);
        both("gatherRandomRows", x -> x.gatherRandomRows(on(x, source), key, on(x, gathered)), gathered, 0, 0);
        Twin xLeft = random(n, 2, -3, 3), t = random(n, 1, 0, 1);
        Twin xt = constant(n, 2, Float.NaN), target = constant(n, 2, Float.NaN);
        for (Interpolant interpolant : Interpolant.values()) {
            float shrink = (float) Math.exp(-0.025), noise = (float) Math.sqrt(1 - Math.exp(-0.05));
            both(
                    "pathSample " + interpolant,
                    x -> x.pathSample(
                            on(x, xLeft), on(x, t), shrink, noise, interpolant, key, on(x, xt), on(x, target)),
                    xt,
                    1e-6,
                    1e-5);
            compare("pathSample " + interpolant + " (target)", target, 1e-6, 1e-5);
            both(
                    "pathSample free " + interpolant,
                    x -> x.pathSample(on(x, xLeft), on(x, t), 0f, 1f, interpolant, key, on(x, xt), on(x, target)),
                    xt,
                    1e-6,
                    1e-5);
        }
    }

    private void optimisation(int n) {
        for (boolean decoupled : new boolean[] {false, true}) {
            Twin p = random(1, n, -1, 1), g = random(1, n, -1, 1), m = random(1, n, -0.1f, 0.1f);
            Twin v = random(1, n, 0, 0.01f);
            for (long step : new long[] {1, 7}) {
                AdamStep hyper = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, decoupled ? 0.01f : 0.001f, decoupled, step);
                String name = (decoupled ? "adamUpdate AdamW step " : "adamUpdate Adam step ") + step;
                both(name, x -> x.adamUpdate(on(x, p), on(x, g), on(x, m), on(x, v), hyper), p, 1e-7, 1e-6);
                compare(name + " (m)", m, 1e-7, 1e-6);
                compare(name + " (v)", v, 1e-9, 1e-6);
            }
        }
        Twin g = random(1, n, -1, 1), sumSquares = random(1, 1, 0, 4);
        both("clipByGlobalNorm", x -> x.clipByGlobalNorm(on(x, g), on(x, sumSquares), 0.5f), g, 1e-7, 1e-6);
    }

    // ---------------------------------------------------------------- machinery

    private Tensor on(Backend backend, Twin twin) {
        return backend == candidate ? twin.candidate() : twin.reference();
    }

    private Tensor[] onAll(Backend backend, Twin[] twins) {
        Tensor[] tensors = new Tensor[twins.length];
        for (int i = 0; i < twins.length; i++) {
            tensors[i] = on(backend, twins[i]);
        }
        return tensors;
    }

    private Twin upload(int rows, int cols, float[] values) {
        Tensor c = candidateArena.allocate(Shape.matrix(rows, cols));
        Tensor r = referenceArena.allocate(Shape.matrix(rows, cols));
        candidate.fromHost(values, c);
        reference.fromHost(values, r);
        return new Twin(c, r);
    }

    private Twin random(int rows, int cols, float low, float high) {
        RandomKey key = new RandomKey(99, draws++);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * Distributions.uniform(key, i);
        }
        return upload(rows, cols, values);
    }

    private Twin constant(int rows, int cols, float value) {
        float[] values = new float[rows * cols];
        java.util.Arrays.fill(values, value);
        return upload(rows, cols, values);
    }

    /** Runs the op on both backends, then compares {@code output}; an exception fails the case. */
    private void both(String op, Consumer<Backend> run, Twin output, double atol, double rtol) {
        try {
            run.accept(candidate);
            run.accept(reference);
        } catch (RuntimeException failure) {
            results.add(new Result(op, size, false, "threw " + failure));
            return;
        }
        compare(op, output, atol, rtol);
    }

    private void compare(String op, Twin output, double atol, double rtol) {
        float[] actual;
        try {
            actual = candidate.toHost(output.candidate());
        } catch (RuntimeException failure) {
            results.add(new Result(op, size, false, "threw " + failure));
            return;
        }
        float[] expected = reference.toHost(output.reference());
        StringBuilder first = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean bothNaN = Double.isNaN(e) && Double.isNaN(a);
            if (!bothNaN && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                if (mismatches < 3) {
                    first.append(String.format(Locale.ROOT, " [%d] expected %.9g got %.9g;", i, e, a));
                }
                mismatches++;
            }
        }
        results.add(new Result(
                op,
                size,
                mismatches == 0,
                mismatches == 0
                        ? ""
                        : mismatches + " of " + expected.length + " off (atol " + atol + ", rtol " + rtol + "):"
                                + first));
    }
}
