package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lfm bench}: times the reference workloads and prints a table, then one JSON line. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = "Time the benchmark workloads (W1 training step, W2 RK4 push, W3 exact NLL, G GEMMs).")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    BackendOptions backendOptions;

    @Option(
            names = "--workload",
            defaultValue = "all",
            description = "W1 | W2 | W3 | G | all, or a comma list (default: ${DEFAULT-VALUE})")
    String workloads;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "warm-up seconds per workload (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(
            names = "--warmup-runs",
            defaultValue = "2",
            description = "untimed runs at least, per workload (default: ${DEFAULT-VALUE})")
    int warmupRuns;

    @Option(
            names = "--repeat",
            defaultValue = "5",
            description = "timed repetitions per workload (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--points", defaultValue = "100000", description = "W2: points pushed (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--batch", defaultValue = "10000", description = "W1: batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1 || warmupSeconds < 0 || warmupRuns < 0 || points < 1 || batch < 1) {
            throw new IllegalArgumentException(
                    "--repeat, --points and --batch must be ≥ 1, --warmup and --warmup-runs ≥ 0");
        }
        List<String> names = new ArrayList<>();
        for (String part : workloads.toUpperCase(Locale.ROOT).split(",", -1)) {
            names.addAll(part.trim().equals("ALL") ? List.of("G", "W1", "W2", "W3") : List.of(part.trim()));
        }
        try (Backend backend = backendOptions.open()) {
            Benchmarks.Report report = Benchmarks.run(
                    backend, names, warmupSeconds, warmupRuns, repetitions, points, batch, backendOptions.threads);
            System.out.print(report.table());
            Map<String, Object> json = new LinkedHashMap<>(report.json());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }
}
