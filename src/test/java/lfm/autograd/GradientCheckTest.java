package lfm.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import lfm.backend.Activation;
import lfm.nn.ConditionInput;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.Parameter;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.testing.Approx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite-difference checks (float64) of every differentiable op and of a whole MLP loss. */
class GradientCheckTest {
    private static final double TOLERANCE = 1e-6;
    private final GradientChecker checker = new GradientChecker();

    @ParameterizedTest
    @ValueSource(strings = {"identity", "relu", "softplus:20", "softplus:1", "silu", "elu", "elu:0.5", "tanh"})
    void denseLayer(String activationName) {
        Activation activation = Activation.parse(activationName);
        // Inputs spread over [−1.5, 1.5] so ReLU/ELU kinks are rarely within the FD step.
        Tensor x = checker.input(Shape.matrix(7, 5), 1, -1.5, 1.5);
        Tensor w = checker.input(Shape.matrix(4, 5), 2);
        Tensor b = checker.input(Shape.matrix(1, 4), 3);
        checker.check(
                "dense " + activationName,
                List.of(x, w, b),
                new boolean[] {true, true, true},
                v -> Functions.dense(v.tape(), v.get(0), v.get(1), v.get(2), activation),
                TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "softplus:20", "silu", "tanh"})
    void denseChain(String activationName) {
        // x (6, 3) → 5 → 4 → 2, the last layer linear; the middle layer has no bias.
        Activation activation = Activation.parse(activationName);
        Tensor x = checker.input(Shape.matrix(6, 3), 11, -1.5, 1.5);
        Tensor w1 = checker.input(Shape.matrix(5, 3), 12);
        Tensor b1 = checker.input(Shape.matrix(1, 5), 13);
        Tensor w2 = checker.input(Shape.matrix(4, 5), 14);
        Tensor w3 = checker.input(Shape.matrix(2, 4), 15);
        Tensor b3 = checker.input(Shape.matrix(1, 2), 16);
        checker.check(
                "dense chain " + activationName,
                List.of(x, w1, b1, w2, w3, b3),
                new boolean[] {true, true, true, true, true, true},
                v -> DenseChain.apply(
                        v.tape(),
                        v.get(0),
                        List.of(v.get(1), v.get(3), v.get(4)),
                        java.util.Arrays.asList(v.get(2), null, v.get(5)),
                        activation),
                TOLERANCE);
    }

    @Test
    void denseLayerWithoutBias() {
        Tensor x = checker.input(Shape.matrix(3, 6), 4);
        Tensor w = checker.input(Shape.matrix(2, 6), 5);
        checker.check(
                "dense without bias",
                List.of(x, w),
                new boolean[] {true, true},
                v -> Functions.dense(v.tape(), v.get(0), v.get(1), null, Activation.TANH),
                TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "softplus:20", "silu", "elu", "tanh"})
    void standaloneActivation(String activationName) {
        Tensor x = checker.input(Shape.matrix(5, 3), 6, -1.5, 1.5);
        checker.check(
                "activation " + activationName,
                List.of(x),
                new boolean[] {true},
                v -> Functions.activation(v.tape(), v.get(0), Activation.parse(activationName)),
                TOLERANCE);
    }

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void matmul(boolean transposeA, boolean transposeB) {
        // op(a) (3, 4), op(b) (4, 5)
        Tensor a = checker.input(transposeA ? Shape.matrix(4, 3) : Shape.matrix(3, 4), 7);
        Tensor b = checker.input(transposeB ? Shape.matrix(5, 4) : Shape.matrix(4, 5), 8);
        checker.check(
                "matmul " + transposeA + "," + transposeB,
                List.of(a, b),
                new boolean[] {true, true},
                v -> Functions.matmul(v.tape(), v.get(0), transposeA, v.get(1), transposeB),
                TOLERANCE);
    }

    @Test
    void elementwise() {
        Tensor a = checker.input(Shape.matrix(4, 3), 9);
        Tensor b = checker.input(Shape.matrix(4, 3), 10);
        boolean[] both = {true, true};
        checker.check("add", List.of(a, b), both, v -> Functions.add(v.tape(), v.get(0), v.get(1)), TOLERANCE);
        checker.check(
                "multiply", List.of(a, b), both, v -> Functions.multiply(v.tape(), v.get(0), v.get(1)), TOLERANCE);
        checker.check(
                "multiply by itself",
                List.of(a),
                new boolean[] {true},
                v -> Functions.multiply(v.tape(), v.get(0), v.get(0)),
                TOLERANCE);
        checker.check(
                "scale", List.of(a), new boolean[] {true}, v -> Functions.scale(v.tape(), v.get(0), -2.5f), TOLERANCE);
    }

    @Test
    void reductionsAndLoss() {
        Tensor a = checker.input(Shape.matrix(6, 2), 11);
        Tensor target = checker.input(Shape.matrix(6, 2), 12);
        checker.check("sum", List.of(a), new boolean[] {true}, v -> Functions.sum(v.tape(), v.get(0)), TOLERANCE);
        checker.check("mean", List.of(a), new boolean[] {true}, v -> Functions.mean(v.tape(), v.get(0)), TOLERANCE);
        checker.check(
                "mse",
                List.of(a, target),
                new boolean[] {true, false},
                v -> Functions.mse(v.tape(), v.get(0), v.get(1)),
                TOLERANCE);
    }

    @Test
    void concatenationAndTimeEmbedding() {
        Tensor t = checker.input(Shape.matrix(5, 1), 13, 0, 1);
        Tensor x = checker.input(Shape.matrix(5, 3), 14);
        checker.check(
                "concat",
                List.of(t, x),
                new boolean[] {true, true},
                v -> Functions.concatColumns(v.tape(), v.get(0), v.get(1)),
                TOLERANCE);
        // High frequencies (up to 1000 rad) make the FD error larger: a looser tolerance, still tight.
        checker.check(
                "time embedding",
                List.of(t),
                new boolean[] {true},
                v -> Functions.timeEmbedding(v.tape(), v.get(0), 4),
                1e-4);
    }

    @ParameterizedTest
    @CsvSource({"softplus:20,0", "relu,0", "tanh,3", "silu,2", "elu,0"})
    void wholeVelocityFieldLoss(String activationName, int timeFrequencies) {
        FieldConfig config = new FieldConfig(2, 8, 3, Activation.parse(activationName), timeFrequencies);
        VelocityField field = new MlpField(config, checker.arena(), new RandomStream(42));
        Tensor x = checker.input(Shape.matrix(6, 2), 15, -2, 2);
        Tensor t = checker.input(Shape.matrix(6, 1), 16, 0, 1);
        Tensor target = checker.input(Shape.matrix(6, 2), 17);

        // Analytic: one recorded forward/backward of the field's own MSE loss.
        Tape tape = Tape.recording(checker.backend(), checker.arena());
        Variable xVariable = tape.input(x);
        Variable loss = Functions.mse(tape, field.forward(tape, xVariable, tape.constant(t)), tape.constant(target));
        tape.backward(loss);
        DoubleSupplier lossValue = () -> {
            Tape inference = Tape.inference(checker.backend(), checker.arena());
            return checker.backend()
                    .toHostDoubles(Functions.mse(
                                    inference,
                                    field.forward(inference, inference.constant(x), inference.constant(t)),
                                    inference.constant(target))
                            .value())[0];
        };
        for (Parameter parameter : field.parameters()) {
            Approx.assertClose(
                    "d loss / d " + parameter.name(),
                    checker.numericGradient(parameter.value(), lossValue),
                    checker.backend().toHostDoubles(parameter.grad()),
                    1e-5,
                    1e-5);
        }
        Approx.assertClose(
                "d loss / d x",
                checker.numericGradient(x, lossValue),
                checker.backend().toHostDoubles(xVariable.grad()),
                1e-5,
                1e-5);
    }

    /**
     * v(x, t, c) with a learned null condition: rows 0..1 use ∅, the rest their own c (as a training
     * step with condition dropout does); every parameter, the encoder's and ∅ included, against
     * finite differences.
     */
    @ParameterizedTest
    @CsvSource({"0", "3"})
    void conditionalFieldWithNullCondition(int embedding) {
        FieldConfig config = new FieldConfig(2, 8, 2, Activation.parse("softplus:20"), 0)
                .withCondition(new ConditionInput(2, embedding, true));
        VelocityField field = new MlpField(config, checker.arena(), new RandomStream(43));
        Tensor x = checker.input(Shape.matrix(6, 2), 18, -2, 2);
        Tensor t = checker.input(Shape.matrix(6, 1), 19, 0, 1);
        Tensor c = checker.input(Shape.matrix(6, 2), 20);
        Tensor target = checker.input(Shape.matrix(6, 2), 21);
        Function<Tape, Variable> loss = tape -> Functions.add(
                tape,
                Functions.mse(
                        tape,
                        field.forward(tape, tape.constant(x.rowSlice(0, 2)), tape.constant(t.rowSlice(0, 2)), null),
                        tape.constant(target.rowSlice(0, 2))),
                Functions.mse(
                        tape,
                        field.forward(
                                tape,
                                tape.constant(x.rowSlice(2, 4)),
                                tape.constant(t.rowSlice(2, 4)),
                                tape.constant(c.rowSlice(2, 4))),
                        tape.constant(target.rowSlice(2, 4))));
        Tape tape = Tape.recording(checker.backend(), checker.arena());
        tape.backward(loss.apply(tape));
        DoubleSupplier lossValue = () -> checker.backend()
                .toHostDoubles(loss.apply(Tape.inference(checker.backend(), checker.arena()))
                        .value())[0];
        assertEquals(embedding > 0 ? 9 : 7, field.parameters().size());
        for (Parameter parameter : field.parameters()) {
            Approx.assertClose(
                    "d loss / d " + parameter.name(),
                    checker.numericGradient(parameter.value(), lossValue),
                    checker.backend().toHostDoubles(parameter.grad()),
                    1e-5,
                    1e-5);
        }
    }
}
