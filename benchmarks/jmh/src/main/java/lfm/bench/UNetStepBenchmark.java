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
 * One UNet training step at batch 128 ({@link UNetStepWorkload}: forward, MSE, backward, Adam on a
 * fixed batch), the engine's side of benchmarks/torch_unet_ref.py's timing, for the digits-t8,
 * fmnist-xs and fmnist-s presets. The first steps are slow while C2 compiles the kernels: keep the
 * warm-up long.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class UNetStepBenchmark {

    @Param({"digits-t8", "fmnist-xs", "fmnist-s"})
    public String preset;

    @Param({"2"})
    public int threads;

    private CpuBackend backend;
    private UNetStepWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend(threads, false);
        workload = new UNetStepWorkload(backend, "UNET", preset, 128);
    }

    @Benchmark
    public void step() {
        workload.runOnce();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
        backend.close();
    }
}
