package lfm.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import lfm.backend.reference.ReferenceBackend;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;

/**
 * Finite-difference gradient check in float64 on the reference backend. The op's output is reduced
 * to the scalar L = Σ w ⊙ out with fixed random weights w, whose gradient dL/dout = w is fed to
 * {@link Tape#backward(Variable, Tensor)}; every input element's analytic gradient is then compared
 * with the central difference (L(x + h) − L(x − h)) / 2h.
 */
final class GradientChecker {
    private static final double STEP = 1e-6;

    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorArena arena = backend.newDoubleArena("gradient-check");

    /** A float64 input tensor with values drawn uniformly from [low, high). */
    Tensor input(Shape shape, long seed, double low, double high) {
        Tensor tensor = arena.allocate(shape);
        double[] values = new double[Math.toIntExact(shape.size())];
        RandomKey key = new RandomKey(seed, 7);
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * Distributions.uniform(key, i);
        }
        backend.fromHost(values, tensor);
        return tensor;
    }

    Tensor input(Shape shape, long seed) {
        return input(shape, seed, -1, 1);
    }

    /**
     * Checks d(Σ w ⊙ op(inputs))/d(inputs[i]) for every input in {@code differentiable}.
     *
     * @param op maps the tape's input variables to the output variable
     */
    void check(
            String name,
            List<Tensor> inputs,
            boolean[] differentiable,
            Function<Variables, Variable> op,
            double tolerance) {
        // Analytic gradients.
        Tape tape = Tape.recording(backend, arena);
        List<Variable> variables = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            variables.add(differentiable[i] ? tape.input(inputs.get(i)) : tape.constant(inputs.get(i)));
        }
        Variable output = op.apply(new Variables(tape, variables));
        Tensor weights = input(output.value().shape(), 99);
        tape.backward(output, weights);
        double[] w = backend.toHostDoubles(weights);
        for (int i = 0; i < inputs.size(); i++) {
            if (!differentiable[i]) {
                continue;
            }
            Tensor x = inputs.get(i);
            double[] analytic = variables.get(i).grad() == null
                    ? new double[Math.toIntExact(x.size())]
                    : backend.toHostDoubles(variables.get(i).grad());
            double[] numeric = numericGradient(x, inputs, op, w);
            Approx.assertClose(name + ": gradient of input " + i, numeric, analytic, tolerance, tolerance);
        }
    }

    private double[] numericGradient(Tensor x, List<Tensor> inputs, Function<Variables, Variable> op, double[] w) {
        return numericGradient(x, () -> weightedOutput(inputs, op, w));
    }

    /** Central differences of a scalar function with respect to every element of x (perturbed in place). */
    double[] numericGradient(Tensor x, java.util.function.DoubleSupplier function) {
        double[] values = backend.toHostDoubles(x);
        double[] gradient = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            double original = values[j];
            values[j] = original + STEP;
            backend.fromHost(values, x);
            double plus = function.getAsDouble();
            values[j] = original - STEP;
            backend.fromHost(values, x);
            double minus = function.getAsDouble();
            values[j] = original;
            backend.fromHost(values, x);
            gradient[j] = (plus - minus) / (2 * STEP);
        }
        return gradient;
    }

    private double weightedOutput(List<Tensor> inputs, Function<Variables, Variable> op, double[] w) {
        Tape tape = Tape.inference(backend, arena);
        List<Variable> variables = new ArrayList<>();
        for (Tensor input : inputs) {
            variables.add(tape.constant(input));
        }
        double[] out =
                backend.toHostDoubles(op.apply(new Variables(tape, variables)).value());
        double total = 0;
        for (int k = 0; k < out.length; k++) {
            total += w[k] * out[k];
        }
        return total;
    }

    ReferenceBackend backend() {
        return backend;
    }

    TensorArena arena() {
        return arena;
    }

    /** The tape and its input variables, handed to the op under test. */
    record Variables(Tape tape, List<Variable> list) {
        Variable get(int i) {
            return list.get(i);
        }
    }
}
