package lfm.bench;

import java.util.concurrent.TimeUnit;
import lfm.backend.cpu.CpuBackend;
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
 * The matrix products of one W1 training step (MLP 3 → 256 → 256 → 256 → 2, batch 10,000), by name:
 * "m x n x k op(a)op(b)". GFLOP/s = 2·m·n·k / time. Compare with benchmarks/jmh/np_gemm.py (OpenBLAS).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    @Param({"10000x256x256 NT", "10000x256x256 NN", "256x256x10000 TN", "10000x256x3 NT", "10000x2x256 NT",
        "2x256x10000 TN", "256x3x10000 TN", "10000x256x2 NN"})
    public String shape;

    @Param({"2", "1"})
    public int threads;

    private CpuBackend backend;
    private TensorArena arena;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transposeA;
    private boolean transposeB;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(" ");
        String[] mnk = parts[0].split("x");
        int m = Integer.parseInt(mnk[0]), n = Integer.parseInt(mnk[1]), k = Integer.parseInt(mnk[2]);
        transposeA = parts[1].charAt(0) == 'T';
        transposeB = parts[1].charAt(1) == 'T';
        backend = new CpuBackend(threads, false);
        arena = backend.newArena("gemm");
        a = arena.allocate(transposeA ? Shape.matrix(k, m) : Shape.matrix(m, k));
        b = arena.allocate(transposeB ? Shape.matrix(n, k) : Shape.matrix(k, n));
        c = arena.allocate(Shape.matrix(m, n));
        backend.fillUniform(a, new lfm.random.RandomKey(1, 1));
        backend.fillUniform(b, new lfm.random.RandomKey(1, 2));
    }

    @Benchmark
    public Tensor matmul() {
        backend.matmul(a, transposeA, b, transposeB, c, 1f, 0f);
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        backend.close();
    }
}
