package lfm.bench;

import java.util.concurrent.TimeUnit;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.backend.cpu.CpuBackend;
import lfm.flow.Interpolant;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One W1 training step, as in shared/bench/torch_ref.py: batch 10,000 rows drawn from a pool of
 * 200,000 2-D points, t ~ U(0, 1), dependent OU coupling γ = 0.025, trig interpolant (one fused
 * pathSample), v = MLP [t | x] 3 → 256 → 256 → 256 → 2 with Softplus(β = 20), MSE, backward, Adam
 * (lr 2e-4). The loss is read back every step (as the PyTorch reference does with loss.item()).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class W1StepBenchmark {
    private static final int BATCH = 10_000;
    private static final int POOL = 200_000;
    private static final float GAMMA = 0.025f;

    @Param({"2", "1"})
    public int threads;

    private CpuBackend backend;
    private TensorArena model;
    private TensorArena step;
    private VelocityField field;
    private Adam adam;
    private Tensor pool;
    private RandomStream random;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend(threads, false);
        model = backend.newArena("model");
        step = backend.newArena("step");
        random = new RandomStream(0);
        field = new MlpField(new FieldConfig(2, 256, 3, Activation.softplus(20f), 0), model, random);
        adam = new Adam(field.parameters(), AdamConfig.adam(), model);
        pool = model.allocate(Shape.matrix(POOL, 2));
        backend.fillNormal(pool, random.next());
        backend.scale(pool, 3f, pool);
    }

    @Benchmark
    public float trainStep() {
        step.reset();
        field.zeroGrad();
        Tensor xLeft = step.allocate(Shape.matrix(BATCH, 2));
        Tensor t = step.allocate(Shape.matrix(BATCH, 1));
        Tensor xt = step.allocate(Shape.matrix(BATCH, 2));
        Tensor target = step.allocate(Shape.matrix(BATCH, 2));
        backend.gatherRandomRows(pool, random.next(), xLeft);
        backend.fillUniform(t, random.next());
        backend.pathSample(xLeft, t, (float) Math.exp(-GAMMA), (float) Math.sqrt(-Math.expm1(-2 * GAMMA)),
                Interpolant.TRIG, random.next(), xt, target);
        Tape tape = Tape.recording(backend, step);
        Variable prediction = field.forward(tape, tape.constant(xt), tape.constant(t));
        Variable loss = Functions.mse(tape, prediction, tape.constant(target));
        tape.backward(loss);
        adam.step(2e-4);
        return loss.value().item();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        model.close();
        backend.close();
    }
}
