package lfm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.backend.Backend;

/** Warms a workload up, times repeated runs and summarises them (median, min, max). */
final class BenchRunner {
    private BenchRunner() {}

    record Timing(
            String workload,
            String description,
            double medianSeconds,
            double minSeconds,
            double maxSeconds,
            int repetitions,
            double flops,
            double units,
            String unitName,
            Map<String, Object> details) {

        double gflops() {
            return flops / medianSeconds / 1e9;
        }

        double throughput() {
            return units / medianSeconds;
        }

        Map<String, Object> json(double gemmGflops, double peakGflops) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("workload", workload);
            record.put("description", description);
            record.put("ms", round(medianSeconds * 1e3));
            record.put("min_ms", round(minSeconds * 1e3));
            record.put("max_ms", round(maxSeconds * 1e3));
            record.put("repetitions", repetitions);
            record.put(unitName + "_per_s", round(throughput()));
            record.put("gflops", round(gflops()));
            record.put("share_of_measured_gemm", round(gflops() / gemmGflops));
            record.put("share_of_theoretical_peak", round(gflops() / peakGflops));
            record.putAll(details);
            return record;
        }

        private static double round(double value) {
            return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : value;
        }
    }

    /**
     * Runs until {@code warmupSeconds} have passed and at least {@code warmupRuns} times, then
     * {@code repetitions} timed runs.
     */
    static Timing time(Workload workload, Backend backend, double warmupSeconds, int warmupRuns, int repetitions) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmups = 0;
        while (warmups < warmupRuns || System.nanoTime() < warmupEnd) {
            workload.runOnce();
            backend.synchronize();
            warmups++;
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            workload.runOnce();
            backend.synchronize();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        double[] sorted =
                seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Timing(
                workload.name(),
                workload.description(),
                median,
                sorted[0],
                sorted[sorted.length - 1],
                repetitions,
                workload.flops(),
                workload.units(),
                workload.unitName(),
                workload.details());
    }
}
