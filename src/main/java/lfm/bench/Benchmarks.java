package lfm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;

/**
 * Runs the benchmark workloads on one backend. G (the GEMMs of W1) always runs first: its GFLOP/s
 * is the measured fp32 rate the other workloads are compared with, beside the theoretical peak.
 */
public final class Benchmarks {
    private Benchmarks() {}

    /** The timings of one run, as a table and as one JSON object. */
    public record Report(Backend backend, Machine machine, List<BenchRunner.Timing> timings) {

        double gemmGflops() {
            return timings.get(0).gflops();
        }

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "backend: %s%nmachine: %s, %d threads%npeak:    %s%n",
                    backend.description(),
                    machine.cpu(),
                    machine.cores(),
                    machine.peakModel()));
            if (backend instanceof CpuBackend cpu) {
                out.append("sgemm:   ").append(cpu.gemmDescription()).append(System.lineSeparator());
            }
            out.append(String.format(
                    Locale.ROOT,
                    "%-4s %10s %10s %10s %22s %9s %8s %8s%n",
                    "work",
                    "median ms",
                    "min ms",
                    "max ms",
                    "throughput",
                    "GFLOP/s",
                    "of G",
                    "of peak"));
            for (BenchRunner.Timing timing : timings) {
                out.append(String.format(
                        Locale.ROOT,
                        "%-4s %10.2f %10.2f %10.2f %14.4g %-7s %9.1f %7.0f%% %7.0f%%%n",
                        timing.workload(),
                        timing.medianSeconds() * 1e3,
                        timing.minSeconds() * 1e3,
                        timing.maxSeconds() * 1e3,
                        timing.throughput(),
                        shortUnit(timing.unitName()),
                        timing.gflops(),
                        100 * timing.gflops() / gemmGflops(),
                        100 * timing.gflops() / machine.theoreticalPeakGflops()));
            }
            return out.toString();
        }

        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("backend", backend.name());
            json.put("backend_description", backend.description());
            json.put("cpu", machine.cpu());
            json.put("threads", machine.cores());
            json.put("ghz", machine.gigahertz());
            json.put("nominal_ghz", machine.nominalGigahertz());
            json.put("vector_lanes", machine.lanes());
            json.put("fma_ports_assumed", Machine.FMA_PORTS);
            json.put("theoretical_peak_gflops", machine.theoreticalPeakGflops());
            json.put("peak_model", machine.peakModel());
            if (backend instanceof CpuBackend cpu) {
                json.put("sgemm", cpu.gemmDescription());
            }
            json.put("measured_gemm_gflops", gemmGflops());
            List<Map<String, Object>> records = new ArrayList<>();
            for (BenchRunner.Timing timing : timings) {
                records.add(timing.json(gemmGflops(), machine.theoreticalPeakGflops()));
            }
            json.put("workloads", records);
            return json;
        }

        private static String shortUnit(String unit) {
            return switch (unit) {
                case "point-evaluations" -> "pt-ev/s";
                case "points" -> "pts/s";
                default -> unit + "/s";
            };
        }
    }

    /**
     * Times the named workloads on a backend.
     *
     * @param names      workloads to time (G is added first if absent)
     * @param warmupRuns untimed runs at least (and for at least warmupSeconds)
     * @param threads the backend's thread count, for the peak (0 = all cores)
     */
    public static Report run(
            Backend backend,
            List<String> names,
            double warmupSeconds,
            int warmupRuns,
            int repetitions,
            int points,
            int batch,
            int threads) {
        List<String> order = new ArrayList<>(List.of("G"));
        for (String name : names) {
            if (!order.contains(name)) {
                order.add(name);
            }
        }
        List<BenchRunner.Timing> timings = new ArrayList<>();
        for (String name : order) {
            try (Workload workload = create(name, backend, points, batch)) {
                System.err.println("bench: " + workload.name() + ": " + workload.description());
                timings.add(BenchRunner.time(workload, backend, warmupSeconds, warmupRuns, repetitions));
            }
        }
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int lanes = backend instanceof CpuBackend cpu ? cpu.vectorLanes() : 1;
        return new Report(backend, Machine.describe(cores, lanes), timings);
    }

    private static String unetPreset(String name) {
        return switch (name) {
            case "UNET-T8" -> "digits-t8";
            case "UNET-XS" -> "fmnist-xs";
            default -> "fmnist-s";
        };
    }

    private static ConvWorkload.Pass convPass(char letter) {
        return letter == 'F'
                ? ConvWorkload.Pass.FORWARD
                : letter == 'D' ? ConvWorkload.Pass.DATA : ConvWorkload.Pass.FILTER;
    }

    private static Workload create(String name, Backend backend, int points, int batch) {
        return switch (name) {
            case "G" ->
                new GemmWorkload(backend, TrainingStepWorkload.Settings.w1().batch(), 256);
            case "W1" ->
                new TrainingStepWorkload(
                        backend, TrainingStepWorkload.Settings.w1().withBatch(batch));
            case "W2" -> new PushWorkload(backend, points, 20, 0);
            case "W3" -> new LikelihoodWorkload(backend, 10_000);
            case "UNET-T8", "UNET-XS", "UNET-S" -> new UNetStepWorkload(backend, name, unetPreset(name), 128);
            case "CONV0-F", "CONV0-D", "CONV0-W", "CONV2-F", "CONV2-D", "CONV2-W" ->
                new ConvWorkload(backend, name.charAt(4) - '0', convPass(name.charAt(6)), 128);
            case "SGEMM0", "SGEMM2" -> new ConvGemmWorkload(backend, name.charAt(5) - '0', 128);
            default ->
                throw new IllegalArgumentException("unknown workload '" + name + "' (expected W1, W2, W3, G, "
                        + "UNET-T8, UNET-XS, UNET-S, CONV0-F|D|W, CONV2-F|D|W, SGEMM0, SGEMM2 or all)");
        };
    }
}
