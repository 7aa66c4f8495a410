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
 * One W1 training step, as in shared/bench/torch_ref.py and `lfm bench --workload W1`: the engine's own
 * {@link lfm.train.TrainingStep} through {@link TrainingStepWorkload} (batch 10,000 rows of a 200,000-point
 * pool, t ~ U(0, 1), OU coupling γ = 0.025, trig interpolant, 3 → 256 → 256 → 256 → 2 Softplus(β = 20),
 * MSE, backward, Adam lr 2e-4). The loss is read back every step, as the PyTorch reference does with
 * loss.item(). With {@code -prof jfr} this is the steady-state profile of a step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class W1StepBenchmark {
    @Param({"2", "1"})
    public int threads;

    private CpuBackend backend;
    private TrainingStepWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend(threads, false);
        workload = new TrainingStepWorkload(backend, TrainingStepWorkload.Settings.w1());
    }

    @Benchmark
    public float trainStep() {
        workload.step();
        return workload.readLoss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
        backend.close();
    }
}
