package lfm.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.backend.conformance.CaseResult;
import lfm.backend.conformance.ConformanceCase;
import lfm.backend.conformance.ConformanceCases;
import lfm.backend.cuda.CudaBackend;
import lfm.backend.reference.ReferenceBackend;
import lfm.bench.BackendComparison;
import lfm.bench.ConvWorkload;
import lfm.bench.LossTrace;
import lfm.bench.PushWorkload;
import lfm.bench.TrainingStepWorkload;
import lfm.bench.UNetStepWorkload;
import lfm.random.Philox;
import lfm.random.RandomKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lfm gpu-check}: the GPU tests' equivalent for machines without Maven (benchmarks/gpu-check.sh
 * runs it from the dist bundle). Checks, in order: Philox words equal bit for bit between Java and CUDA;
 * every op of the CUDA backend against the reference backend at sizes 1, 7, 33, 1000, 4097; the
 * conformance cases of the image and attention ops (the convolution forward both as the implicit-GEMM
 * kernel and as im2col + cuBLAS; on the CPU emulator without the larger shapes); a training run's loss trace on CUDA against the same run on the CPU.
 * With {@code --bench} it then times W1 (2D training step), W1 at batch 100,000 and width 1024 against
 * its matrix products alone, W2 (RK4 push), the fmnist-s 3×3 convolutions and the UNet training steps
 * of digits-t8, fmnist-xs and fmnist-s at batch 128. One JSON object per line on stdout, the summary
 * last; progress on stderr.
 */
@Command(
        name = "gpu-check",
        mixinStandardHelpOptions = true,
        description =
                "Check the CUDA backend against the CPU (Philox, every op, a training loss trace); --bench times W1 and W2.")
final class GpuCheckCommand implements Callable<Integer> {

    @Option(
            names = "--against",
            defaultValue = "cpu",
            description = "backend for the loss trace: cpu or reference (default: ${DEFAULT-VALUE})")
    String against;

    @Option(
            names = "--trace-steps",
            defaultValue = "200",
            description = "training steps compared (default: ${DEFAULT-VALUE})")
    int traceSteps;

    @Option(
            names = "--trace-batch",
            defaultValue = "1000",
            description = "batch of the compared run (default: ${DEFAULT-VALUE})")
    int traceBatch;

    @Option(
            names = "--trace-width",
            defaultValue = "64",
            description = "MLP width of the compared run (default: ${DEFAULT-VALUE})")
    int traceWidth;

    @Option(
            names = "--tolerance",
            defaultValue = "1e-3",
            description = "relative loss difference allowed per step (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--skip-ops", description = "skip the op-by-op comparison")
    boolean skipOps;

    @Option(names = "--bench", description = "time W1, W1 at batch 100,000 × width 1024, and W2 after the checks")
    boolean bench;

    @Option(
            names = "--w2-points",
            defaultValue = "1000000",
            description = "points pushed in W2 (default: ${DEFAULT-VALUE})")
    int w2Points;

    @Option(names = "--w1-batch", defaultValue = "10000", description = "W1 batch (default: ${DEFAULT-VALUE})")
    int w1Batch;

    @Option(
            names = "--large-batch",
            defaultValue = "100000",
            description = "batch of the large W1 (default: ${DEFAULT-VALUE})")
    int largeBatch;

    @Option(
            names = "--large-width",
            defaultValue = "1024",
            description = "width of the large W1 (default: ${DEFAULT-VALUE})")
    int largeWidth;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    private final List<String> failures = new ArrayList<>();

    @Override
    public Integer call() {
        try (Backend cuda = Backends.createCuda()) {
            System.err.println("gpu-check: " + cuda.description());
            philox((CudaBackend) cuda);
            if (!skipOps) {
                ops(cuda);
                imageOps((CudaBackend) cuda);
            }
            if (traceSteps > 0) {
                trace(cuda);
            }
            if (bench) {
                new GpuTimings(cuda).run(w1Batch, largeBatch, largeWidth, w2Points);
            }
        }
        boolean passed = failures.isEmpty();
        System.out.println(String.format(
                Locale.ROOT,
                "{\"gpu_check\": \"%s\", \"failures\": %s}",
                passed ? "passed" : "failed",
                Json.strings(failures)));
        return passed ? 0 : 1;
    }

    private void philox(CudaBackend cuda) {
        RandomKey[] keys = {new RandomKey(0, 0), new RandomKey(12345, 7), new RandomKey(-1, (1L << 32) + 5)};
        int mismatches = 0;
        int count = 4097;
        int[] expected = new int[4];
        for (RandomKey key : keys) {
            int[] words = cuda.philoxWords(key, count);
            for (int i = 0; i < count; i++) {
                if (i % 4 == 0) {
                    long block = i / 4;
                    Philox.block(
                            (int) block,
                            (int) (block >>> 32),
                            key.stream0(),
                            key.stream1(),
                            key.key0(),
                            key.key1(),
                            expected);
                }
                mismatches += words[i] == expected[i % 4] ? 0 : 1;
            }
        }
        report("philox", mismatches == 0, "\"words\": " + keys.length * count + ", \"mismatches\": " + mismatches);
    }

    private void ops(Backend cuda) {
        List<BackendComparison.Result> results = new BackendComparison(cuda, new ReferenceBackend()).run();
        int failed = 0;
        for (BackendComparison.Result result : results) {
            if (!result.passed()) {
                failed++;
                System.err.println("  FAIL " + result.op() + " @" + result.size() + ": " + result.detail());
            }
        }
        report("ops", failed == 0, "\"cases\": " + results.size() + ", \"failed\": " + failed);
    }

    /** The image and attention conformance cases; the convolution forward cases once more through im2col. */
    private void imageOps(CudaBackend cuda) {
        int cases = 0;
        int failed = 0;
        try (ReferenceBackend reference = new ReferenceBackend()) {
            for (boolean im2col : new boolean[] {false, true}) {
                cuda.useIm2colConvolution(im2col);
                for (ConformanceCase c :
                        ConformanceCases.imageCases(!cuda.device().emulated())) {
                    if (im2col && !c.op().equals("conv2d")) {
                        continue;
                    }
                    CaseResult result = c.run(cuda, reference);
                    cases++;
                    if (!result.passed()) {
                        failed++;
                        System.err.println("  FAIL" + (im2col ? " (im2col forward) " : " ") + result.describe());
                    }
                }
            }
        } finally {
            cuda.useIm2colConvolution(false);
        }
        report("image_ops", failed == 0, "\"cases\": " + cases + ", \"failed\": " + failed);
    }

    private void trace(Backend cuda) {
        TrainingStepWorkload.Settings settings = TrainingStepWorkload.Settings.w1()
                .withBatch(traceBatch)
                .withWidth(traceWidth)
                .withPool(20_000);
        try (Backend cpu = Backends.create(against, threads, System.err::println)) {
            System.err.println("gpu-check: loss trace, " + traceSteps + " steps, batch " + traceBatch + ", width "
                    + traceWidth + ", cuda vs " + cpu.description());
            LossTrace.Comparison comparison = LossTrace.compare(cuda, cpu, settings, traceSteps, tolerance);
            int last = traceSteps - 1;
            report(
                    "loss_trace",
                    comparison.passed(),
                    String.format(
                            Locale.ROOT,
                            "\"steps\": %d, \"against\": \"%s\", \"tolerance\": %.1e, \"worst_relative\": %.3e, \"worst_step\": %d, "
                                    + "\"first_loss\": [%.6f, %.6f], \"last_loss\": [%.6f, %.6f]",
                            traceSteps,
                            cpu.name(),
                            tolerance,
                            comparison.worstRelative(),
                            comparison.worstStep(),
                            comparison.candidate()[0],
                            comparison.expected()[0],
                            comparison.candidate()[last],
                            comparison.expected()[last]));
        }
    }

    private void report(String check, boolean passed, String fields) {
        if (!passed) {
            failures.add(check);
        }
        System.err.println("gpu-check: " + check + (passed ? " passed" : " FAILED"));
        System.out.println("{\"check\": \"" + check + "\", \"passed\": " + passed + ", " + fields + "}");
    }

    /** Minimal JSON string arrays for the summary line. */
    static final class Json {
        private Json() {}

        static String strings(List<String> values) {
            return Arrays.toString(values.stream().map(v -> "\"" + v + "\"").toArray());
        }
    }

    /** Median-of-repetitions timings of the GPU workloads, synchronised around each repetition. */
    static final class GpuTimings {
        private final Backend backend;

        GpuTimings(Backend backend) {
            this.backend = backend;
        }

        void run(int w1Batch, int largeBatch, int largeWidth, int w2Points) {
            trainStep("train_step", TrainingStepWorkload.Settings.w1().withBatch(w1Batch), 5, 25);
            trainStep(
                    "train_step_large",
                    TrainingStepWorkload.Settings.w1().withBatch(largeBatch).withWidth(largeWidth),
                    3,
                    10);
            push(w2Points);
            for (int level : new int[] {0, 2}) {
                for (ConvWorkload.Pass pass : ConvWorkload.Pass.values()) {
                    try (ConvWorkload workload = new ConvWorkload(backend, level, pass, 128)) {
                        double median = median(time(workload::runOnce, 3, 20));
                        System.out.println(String.format(
                                Locale.ROOT,
                                "{\"workload\": \"%s\", \"backend\": \"cuda\", "
                                        + "\"ms\": %.4f, \"gflops\": %.1f, \"description\": \"%s\"}",
                                workload.name(),
                                median * 1e3,
                                workload.flops() / median / 1e9,
                                workload.description()));
                    }
                }
            }
            for (String[] preset :
                    new String[][] {{"UNET-T8", "digits-t8"}, {"UNET-XS", "fmnist-xs"}, {"UNET-S", "fmnist-s"}}) {
                try (UNetStepWorkload workload = new UNetStepWorkload(backend, preset[0], preset[1], 128)) {
                    double median = median(time(workload::runOnce, 3, 10));
                    System.out.println(String.format(
                            Locale.ROOT,
                            "{\"workload\": \"%s\", \"backend\": \"cuda\", "
                                    + "\"ms_per_step\": %.3f, \"steps_per_s\": %.2f, \"gflops\": %.1f, "
                                    + "\"step_mib\": %.1f, \"batch\": 128}",
                            preset[0],
                            median * 1e3,
                            1 / median,
                            workload.flops() / median / 1e9,
                            workload.stepBytes() / 1048576.0));
                }
            }
        }

        private void trainStep(String name, TrainingStepWorkload.Settings settings, int warmup, int reps) {
            try (TrainingStepWorkload workload = new TrainingStepWorkload(backend, settings)) {
                double[] step = time(workload::step, warmup, reps);
                double[] matmuls = time(workload::matmulOnlyStep, warmup, reps);
                double[] burst = time(
                        () -> {
                            for (int i = 0; i < 10; i++) {
                                workload.step();
                            }
                        },
                        1,
                        3);
                double median = median(step);
                double gemm = median(matmuls);
                System.out.println(String.format(
                        Locale.ROOT,
                        "{\"workload\": \"%s\", \"backend\": \"cuda\", "
                                + "\"ms_per_step\": %.3f, \"steps_per_s\": %.2f, \"burst_steps_per_s\": %.2f, "
                                + "\"matmul_only_ms\": %.3f, \"share_of_cublas_limit\": %.3f, \"matmul_gflops\": %.1f, "
                                + "\"final_loss\": %.5f, \"config\": {\"batch\": %d, \"width\": %d, \"hidden_layers\": %d}}",
                        name,
                        median * 1e3,
                        1 / median,
                        10 / median(burst),
                        gemm * 1e3,
                        gemm / median,
                        settings.matmulFlops() / median / 1e9,
                        workload.readLoss(),
                        settings.batch(),
                        settings.width(),
                        settings.depth()));
            }
        }

        private void push(int points) {
            try (PushWorkload workload = new PushWorkload(backend, points, 20, 0)) {
                double[] seconds = time(workload::run, 1, 3);
                double median = median(seconds);
                float[] x = backend.toHost(workload.run());
                double checksum = 0;
                for (float value : x) {
                    checksum += Math.abs(value);
                }
                System.out.println(String.format(
                        Locale.ROOT,
                        "{\"workload\": \"push\", \"backend\": \"cuda\", "
                                + "\"seconds\": %.4f, \"point_evals_per_s\": %.1f, \"nfe\": %d, \"checksum\": %.6f, "
                                + "\"config\": {\"points\": %d, \"solver\": \"classic RK4\", \"steps\": 20}}",
                        median,
                        (double) points * workload.evaluations() / median,
                        workload.evaluations(),
                        checksum / x.length,
                        points));
            }
        }

        private double[] time(Runnable work, int warmup, int reps) {
            for (int i = 0; i < warmup; i++) {
                work.run();
            }
            backend.synchronize();
            double[] seconds = new double[reps];
            for (int i = 0; i < reps; i++) {
                long start = System.nanoTime();
                work.run();
                backend.synchronize();
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            return seconds;
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
