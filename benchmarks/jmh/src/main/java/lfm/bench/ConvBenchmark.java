package lfm.bench;

import java.util.concurrent.TimeUnit;
import lfm.backend.cpu.CpuBackend;
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
 * The 3×3 convolutions of the fmnist-s UNet at batch 128 ({@link ConvWorkload}): level 0 (28×28,
 * 64 → 32 channels, 3.70 GFLOP per pass) and level 2 (7×7, 64 → 64, 0.462 GFLOP), each pass alone:
 * forward (with bias), the input gradient ("data"), the weight gradient ("filter"); "sgemm" is the
 * engine's plain SGEMM of the same size (B·H·W × C_out × 9·C_in, the im2col matrix materialised), the
 * yardstick. GFLOP/s = flops / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {

    @Param({"0", "2"})
    public int level;

    @Param({"forward", "data", "filter", "sgemm"})
    public String pass;

    @Param({"2", "1"})
    public int threads;

    private CpuBackend backend;
    private Workload workload;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend(threads, false);
        workload = switch (pass) {
            case "forward" -> new ConvWorkload(backend, level, ConvWorkload.Pass.FORWARD, 128);
            case "data" -> new ConvWorkload(backend, level, ConvWorkload.Pass.DATA, 128);
            case "filter" -> new ConvWorkload(backend, level, ConvWorkload.Pass.FILTER, 128);
            default -> new ConvGemmWorkload(backend, level, 128);
        };
    }

    @Benchmark
    public void run() {
        workload.runOnce();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
        backend.close();
    }
}
