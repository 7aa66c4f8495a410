package lfm.bench;

import java.util.concurrent.TimeUnit;
import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.cpu.CpuBackend;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
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

/** The fused kernels at W1 sizes: one hidden layer (10,000 × 256), a 256 × 256 weight, the batch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FusedKernelsBenchmark {
    @Param({"2", "1"})
    public int threads;

    private CpuBackend backend;
    private TensorArena arena;
    private Tensor pre;
    private Tensor bias;
    private Tensor out;
    private Tensor grad;
    private Tensor gradBias;
    private Tensor weight;
    private Tensor weightGrad;
    private Tensor moment1;
    private Tensor moment2;
    private Tensor xLeft;
    private Tensor t;
    private Tensor xt;
    private Tensor target;
    private final Activation softplus = Activation.softplus(20f);
    private final AdamStep adam = new AdamStep(2e-4f, 0.9f, 0.999f, 1e-8f, 0f, false, 100);

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend(threads, false);
        arena = backend.newArena("kernels");
        pre = uniform(10000, 256, 1);
        bias = uniform(1, 256, 2);
        out = uniform(10000, 256, 3);
        grad = uniform(10000, 256, 4);
        gradBias = uniform(1, 256, 5);
        weight = uniform(256, 256, 6);
        weightGrad = uniform(256, 256, 7);
        moment1 = uniform(256, 256, 8);
        moment2 = uniform(256, 256, 9);
        backend.scale(moment2, 1e-3f, moment2);
        backend.multiply(moment2, moment2, moment2);
        xLeft = uniform(10000, 2, 10);
        t = uniform(10000, 1, 11);
        xt = uniform(10000, 2, 12);
        target = uniform(10000, 2, 13);
    }

    private Tensor uniform(int rows, int cols, long stream) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, cols));
        backend.fillUniform(tensor, new RandomKey(7, stream));
        return tensor;
    }

    /** pre += bias; out = softplus₂₀(pre), 10,000 × 256. */
    @Benchmark
    public Tensor biasSoftplus() {
        backend.biasActivation(pre, bias, softplus, out);
        return out;
    }

    /** grad ⊙= softplus'(pre), bias gradient += column sums, 10,000 × 256 (in place). */
    @Benchmark
    public Tensor softplusBackward() {
        backend.activationBackward(pre, out, grad, softplus, grad, gradBias);
        return grad;
    }

    /** Adam on a 256 × 256 weight. */
    @Benchmark
    public Tensor adamUpdate() {
        backend.adamUpdate(weight, weightGrad, moment1, moment2, adam);
        return weight;
    }

    /** Normal draw + OU step + trig interpolant + target, 10,000 × 2. */
    @Benchmark
    public Tensor pathSample() {
        backend.pathSample(xLeft, t, 0.975f, 0.22f, Interpolant.TRIG, new RandomKey(3, 5), xt, target);
        return target;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        backend.close();
    }
}
