package lfm.policy.bc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.data.Standardization;
import lfm.io.ModuleWeights;
import lfm.io.SafeTensors;
import lfm.nn.Mlp;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.policy.Policy;
import lfm.policy.PolicyShape;
import lfm.policy.PolicyWindows;
import lfm.random.Distributions;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Behaviour cloning: an MLP regresses the action chunk on the condition, minimising the mean squared
 * error in standardised units,
 * <pre>
 *   chunk ≈ f(condition),   loss = mean ‖f(ĉ) − â‖²,   ĉ = (c − μ_c)/σ_c,  â = (a − μ_a)/σ_a
 * </pre>
 * With two equally likely ways to act (pass an obstacle left or right), the least-squares answer is
 * their average: the baseline that a generative policy should beat.
 */
public final class BehaviourCloning implements Policy, AutoCloseable {
    public static final String WEIGHTS_FILE = "bc.safetensors";

    private final PolicyShape shape;
    private final Standardization conditionScale;
    private final Standardization chunkScale;
    private final Backend backend;
    private final TensorArena arena;
    private final Mlp net;

    public BehaviourCloning(
            PolicyShape shape,
            int width,
            int depth,
            Activation activation,
            Standardization conditionScale,
            Standardization chunkScale,
            Backend backend,
            long seed) {
        this.shape = shape;
        this.conditionScale = conditionScale;
        this.chunkScale = chunkScale;
        this.backend = backend;
        this.arena = backend.newArena("behaviour-cloning");
        this.net = new Mlp(
                "net",
                shape.conditionSize(),
                width,
                depth,
                shape.chunkSize(),
                activation,
                arena,
                new RandomStream(Distributions.mix(seed, -1), 0));
    }

    /** Fits a new regressor to the windows; returns it trained. */
    public static BehaviourCloning train(
            Backend backend, PolicyShape shape, PolicyWindows.Windows windows, RegressionConfig config) {
        BehaviourCloning policy = new BehaviourCloning(
                shape,
                config.width(),
                config.depth(),
                Activation.parse(config.activation()),
                Standardization.fit(windows.conditions()),
                Standardization.fit(windows.chunks()),
                backend,
                config.seed());
        policy.fit(windows, config);
        return policy;
    }

    private void fit(PolicyWindows.Windows windows, RegressionConfig config) {
        int inputs = shape.conditionSize(),
                outputs = shape.chunkSize(),
                rows = windows.conditions().rows();
        try (TensorArena data = backend.newArena("bc-data");
                TensorArena scratch = backend.newArena("bc-step")) {
            Tensor conditions = data.allocate(Shape.matrix(rows, inputs));
            Tensor chunks = data.allocate(Shape.matrix(rows, outputs));
            backend.fromHost(conditionScale.apply(windows.conditions()).values(), conditions);
            backend.fromHost(chunkScale.apply(windows.chunks()).values(), chunks);
            Tensor both = data.allocate(Shape.matrix(rows, inputs + outputs));
            backend.concatColumns(conditions, chunks, both);
            Tensor batch = data.allocate(Shape.matrix(config.batch(), inputs + outputs));
            Tensor batchInputs = data.allocate(Shape.matrix(config.batch(), inputs));
            Tensor batchTargets = data.allocate(Shape.matrix(config.batch(), outputs));
            Adam adam = new Adam(net.parameters(), AdamConfig.adam(), data);
            RandomStream random = new RandomStream(Distributions.mix(config.seed(), 1), 0);
            for (long step = 0; step < config.steps(); step++) {
                backend.gatherRandomRows(both, random.next(), batch);
                backend.splitColumns(batch, batchInputs, batchTargets, false);
                Tape tape = Tape.recording(backend, scratch);
                net.zeroGrad();
                Variable loss =
                        Functions.mse(tape, net.forward(tape, tape.constant(batchInputs)), tape.constant(batchTargets));
                tape.backward(loss);
                adam.step(
                        config.learningRate() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * step / config.steps()))));
                scratch.reset();
            }
        }
    }

    @Override
    public PolicyShape shape() {
        return shape;
    }

    @Override
    public DataMatrix act(DataMatrix conditions) {
        try (TensorArena scratch = backend.newArena("bc-act")) {
            Tensor input = scratch.allocate(Shape.matrix(conditions.rows(), shape.conditionSize()));
            backend.fromHost(conditionScale.apply(conditions).values(), input);
            Tape tape = Tape.inference(backend, scratch);
            Tensor output = net.forward(tape, tape.constant(input)).value();
            return chunkScale.invert(new DataMatrix(conditions.rows(), shape.chunkSize(), output.toFloats()));
        }
    }

    @Override
    public long lastEvaluations() {
        return 1;
    }

    public Mlp net() {
        return net;
    }

    public Standardization conditionScale() {
        return conditionScale;
    }

    public Standardization chunkScale() {
        return chunkScale;
    }

    /** Writes the weights (PyTorch names net.0.weight, ...) to {@code folder}/bc.safetensors. */
    public void saveWeights(Path folder) throws IOException {
        SafeTensors.write(
                folder.resolve(WEIGHTS_FILE),
                ModuleWeights.export(net, ""),
                Map.of("format", "lfm-engine behaviour cloning"));
    }

    /** Loads weights written by {@link #saveWeights}. */
    public void loadWeights(Path folder) throws IOException {
        Path file = folder.resolve(WEIGHTS_FILE);
        ModuleWeights.load(net, "", SafeTensors.read(file).tensors(), file);
    }

    @Override
    public void close() {
        arena.close();
    }
}
