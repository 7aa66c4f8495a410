package lfm.optim;

import java.util.List;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.backend.reference.ReferenceBackend;
import lfm.nn.Parameter;
import lfm.tensor.Shape;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adam and AdamW against a scalar re-derivation of PyTorch's update, for a few steps. */
class AdamTest {

    @ParameterizedTest
    @CsvSource({
        "reference,adam,0", "reference,adam,0.1", "reference,adamw,0.01",
        "cpu,adam,0", "cpu,adam,0.1", "cpu,adamw,0.01"
    })
    void matchesHandComputedUpdates(String backendName, String kind, float weightDecay) {
        Backend backend = backendName.equals("cpu") ? Backends.createCpu(2) : new ReferenceBackend();
        TensorArena arena = backend.newArena("adam-test");
        AdamConfig config = kind.equals("adamw")
                ? AdamConfig.adamW(weightDecay)
                : new AdamConfig(0.9f, 0.999f, 1e-8f, weightDecay, false);
        Parameter parameter = new Parameter("p", Shape.matrix(1, 3), arena);
        double[] p = {0.5, -1.25, 2.0};
        backend.fromHost(p, parameter.value());
        Adam adam = new Adam(List.of(parameter), config, arena);
        double[] m = new double[3], v = new double[3];
        double[][] gradients = {{0.1, -0.2, 0.3}, {-0.05, 0.4, 0.0}, {1.5, -0.01, 0.2}, {0.3, 0.3, -0.3}};
        double lr = 1e-2;
        for (int step = 1; step <= gradients.length; step++) {
            backend.fromHost(gradients[step - 1], parameter.grad());
            adam.step(lr);
            for (int i = 0; i < 3; i++) {
                double g = gradients[step - 1][i];
                if (config.decoupled()) {
                    p[i] *= 1 - lr * weightDecay;
                } else {
                    g += weightDecay * p[i];
                }
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, step));
                double vHat = v[i] / (1 - Math.pow(0.999, step));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            Approx.assertClose(
                    kind + " step " + step + " on " + backendName, p, backend.toHost(parameter.value()), 1e-6, 1e-5);
        }
    }
}
