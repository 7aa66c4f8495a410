package lfm.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.backend.reference.ReferenceBackend;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An MLP fits y = sin(x) on [−π, π]: the trained loss is far below the untrained one, on each backend. */
class MlpRegressionTest {

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu"})
    void fitsSine(String backendName) {
        Backend backend = backendName.equals("cpu") ? Backends.createCpu(2) : new ReferenceBackend();
        TensorArena parameters = backend.newArena("parameters");
        TensorArena step = backend.newArena("step");
        Mlp mlp = new Mlp("net", 1, 32, 2, 1, Activation.TANH, parameters, new RandomStream(7));
        int n = 128;
        float[] xs = new float[n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) (-Math.PI + 2 * Math.PI * i / (n - 1));
            ys[i] = (float) Math.sin(xs[i]);
        }
        Tensor x = parameters.allocate(Shape.matrix(n, 1));
        Tensor y = parameters.allocate(Shape.matrix(n, 1));
        backend.fromHost(xs, x);
        backend.fromHost(ys, y);
        Adam adam = new Adam(mlp.parameters(), AdamConfig.adam(), parameters);
        float untrained = 0, trained = 0;
        for (int iteration = 0; iteration <= 600; iteration++) {
            Tape tape = Tape.recording(backend, step);
            mlp.zeroGrad();
            Variable loss = Functions.mse(tape, mlp.forward(tape, tape.constant(x)), tape.constant(y));
            float value = loss.value().item();
            if (iteration == 0) {
                untrained = value;
            }
            trained = value;
            tape.backward(loss);
            adam.step(1e-2);
            step.reset();
        }
        assertTrue(untrained > 0.1, "untrained loss " + untrained);
        assertTrue(trained < 0.005, "trained loss " + trained + " (untrained " + untrained + ")");
    }
}
