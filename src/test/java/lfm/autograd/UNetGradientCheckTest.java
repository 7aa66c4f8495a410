package lfm.autograd;

import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import lfm.nn.ConditionInput;
import lfm.nn.ImageShape;
import lfm.nn.Parameter;
import lfm.nn.UNet;
import lfm.nn.UNetConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.testing.Approx;
import org.junit.jupiter.api.Test;

/**
 * Finite differences (float64, reference backend) of a whole digits-t8 UNet's loss against its
 * analytic gradient. The zero-initialised layers would hide most paths, so every parameter is first
 * moved by U(−0.2, 0.2); the check then covers one element of every parameter tensor (a different
 * position in each) and every fifth element of the input images.
 */
class UNetGradientCheckTest {
    private final GradientChecker checker = new GradientChecker();

    @Test
    void wholeT8LossMatchesFiniteDifferences() {
        UNet unet = new UNet(UNetConfig.preset("digits-t8"), checker.arena(), new RandomStream(8));
        perturb(unet);
        Tensor x = checker.input(Shape.matrix(2, 64), 41, -1, 1);
        Tensor t = checker.input(Shape.matrix(2, 1), 42, 0, 1);
        Tensor target = checker.input(Shape.matrix(2, 64), 43);

        Tape tape = Tape.recording(checker.backend(), checker.arena());
        Variable xVariable = tape.input(x);
        tape.backward(Functions.mse(tape, unet.forward(tape, xVariable, tape.constant(t)), tape.constant(target)));
        DoubleSupplier loss = () -> {
            Tape inference = Tape.inference(checker.backend(), checker.arena());
            return checker.backend()
                    .toHostDoubles(Functions.mse(
                                    inference,
                                    unet.forward(inference, inference.constant(x), inference.constant(t)),
                                    inference.constant(target))
                            .value())[0];
        };
        List<Parameter> parameters = unet.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            Parameter parameter = parameters.get(p);
            int index = (int) ((p * 7919L) % parameter.value().size());
            double analytic = checker.backend().toHostDoubles(parameter.grad())[index];
            double numeric = oneElement(parameter.value(), index, loss);
            Approx.assertClose(
                    "d loss / d " + parameter.name() + "[" + index + "]",
                    new double[] {numeric},
                    new double[] {analytic},
                    1e-6,
                    1e-5);
        }
        double[] gradX = checker.backend().toHostDoubles(xVariable.grad());
        for (int index = 0; index < gradX.length; index += 5) {
            Approx.assertClose(
                    "d loss / d x[" + index + "]",
                    new double[] {oneElement(x, index, loss)},
                    new double[] {gradX[index]},
                    1e-6,
                    1e-5);
        }
    }

    /**
     * The class embedding of a small conditional UNet (4×4 images, 8 channels, two levels: the path is
     * the digits-t8 one at a fraction of the cost) with a null condition, as a training step with
     * condition dropout uses it: rows 0..1 of the batch on ∅, rows 2..3 on their own condition (values,
     * not one-hot, so every row of the table is reached). Every third element of label_emb.weight (4 × 32)
     * and some of each time-embedding tensor it joins against finite differences.
     */
    @Test
    void classEmbeddingMatchesFiniteDifferences() {
        UNetConfig small = new UNetConfig(new ImageShape(4, 4, 1), 8, List.of(1, 2), 1, Set.of(), 0, 4, 0f);
        UNet unet = new UNet(small, new ConditionInput(3, 0, true), checker.arena(), new RandomStream(9));
        perturb(unet);
        Tensor x = checker.input(Shape.matrix(4, 16), 51, -1, 1);
        Tensor t = checker.input(Shape.matrix(4, 1), 52, 0, 1);
        Tensor c = checker.input(Shape.matrix(4, 3), 53, -1, 1);
        Tensor target = checker.input(Shape.matrix(4, 16), 54);
        Function<Tape, Variable> loss = tape -> Functions.add(
                tape,
                Functions.mse(
                        tape,
                        unet.forward(tape, tape.constant(x.rowSlice(0, 2)), tape.constant(t.rowSlice(0, 2)), null),
                        tape.constant(target.rowSlice(0, 2))),
                Functions.mse(
                        tape,
                        unet.forward(
                                tape,
                                tape.constant(x.rowSlice(2, 2)),
                                tape.constant(t.rowSlice(2, 2)),
                                tape.constant(c.rowSlice(2, 2))),
                        tape.constant(target.rowSlice(2, 2))));
        Tape tape = Tape.recording(checker.backend(), checker.arena());
        tape.backward(loss.apply(tape));
        DoubleSupplier lossValue = () -> checker.backend()
                .toHostDoubles(loss.apply(Tape.inference(checker.backend(), checker.arena()))
                        .value())[0];
        for (Parameter parameter : unet.parameters()) {
            boolean table = parameter.name().equals("label_emb.weight");
            if (!table && !parameter.name().startsWith("time_embed.")) {
                continue;
            }
            double[] analytic = checker.backend().toHostDoubles(parameter.grad());
            int stride = table ? 3 : 67;
            for (int index = 0; index < analytic.length; index += stride) {
                Approx.assertClose(
                        "d loss / d " + parameter.name() + "[" + index + "]",
                        new double[] {oneElement(parameter.value(), index, lossValue)},
                        new double[] {analytic[index]},
                        1e-6,
                        1e-5);
            }
        }
    }

    /** Moves every parameter by U(−0.2, 0.2) so that no zero-initialised layer hides a path. */
    private void perturb(UNet unet) {
        RandomKey noise = new RandomKey(123, 0);
        for (Parameter parameter : unet.parameters()) {
            double[] values = checker.backend().toHostDoubles(parameter.value());
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.4 * Distributions.uniform(noise, i) - 0.2;
            }
            checker.backend().fromHost(values, parameter.value());
            noise = new RandomKey(123, noise.stream() + 1);
        }
    }

    /** Central difference of f with respect to one element of x. */
    private double oneElement(Tensor x, int index, DoubleSupplier f) {
        double[] values = checker.backend().toHostDoubles(x);
        double original = values[index];
        double step = 1e-6;
        values[index] = original + step;
        checker.backend().fromHost(values, x);
        double plus = f.getAsDouble();
        values[index] = original - step;
        checker.backend().fromHost(values, x);
        double minus = f.getAsDouble();
        values[index] = original;
        checker.backend().fromHost(values, x);
        return (plus - minus) / (2 * step);
    }
}
