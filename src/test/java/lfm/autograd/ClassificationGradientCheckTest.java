package lfm.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ClassificationGradientCheckTest {
    private final GradientChecker checker = new GradientChecker();

    @Test
    void softmaxCrossEntropyMatchesFiniteDifferencesAndItsDefinition() {
        Tensor logits = checker.input(Shape.matrix(5, 4), 41, -3, 3);
        Tensor oneHot = checker.input(Shape.matrix(5, 4), 42, 0, 0);
        double[] targets = new double[20];
        int[] labels = {0, 3, 1, 1, 2};
        for (int i = 0; i < 5; i++) {
            targets[i * 4 + labels[i]] = 1;
        }
        logits.backend().fromHost(targets, oneHot);
        checker.check(
                "softmax cross-entropy",
                List.of(logits, oneHot),
                new boolean[] {true, false},
                v -> Classification.softmaxCrossEntropy(
                        v.tape(), v.get(0), v.get(1).value()),
                1e-6);

        double[] z = logits.backend().toHostDoubles(logits);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            double normaliser = 0;
            for (int k = 0; k < 4; k++) {
                normaliser += Math.exp(z[i * 4 + k]);
            }
            expected += (Math.log(normaliser) - z[i * 4 + labels[i]]) / 5;
        }
        Tape tape = Tape.inference(logits.backend(), logits.backend().newArena("ce"));
        Variable loss = Classification.softmaxCrossEntropy(tape, tape.constant(logits), oneHot);
        assertEquals(expected, logits.backend().toHostDoubles(loss.value())[0], 1e-12);
    }
}
