package lfm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.backend.conformance.CaseResult;
import lfm.backend.conformance.ConformanceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lfm check}: runs every conformance case of a backend against the reference backend and prints
 * one table row per case (max |error|, tolerance, pass/fail), then the first mismatches of each failed
 * case. Exits 1 if any case fails. Works from the jar alone, so a GPU box without Maven can run it.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Check that a backend agrees with the reference backend on every op.")
final class CheckCommand implements Callable<Integer> {

    @Option(
            names = "--backend",
            defaultValue = "cpu",
            description = "cpu | cuda | reference (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--filter", description = "only the cases whose name contains this text")
    String filter;

    @Option(names = "--failures-only", description = "print only the failed cases")
    boolean failuresOnly;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Override
    public Integer call() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0, got " + threads);
        }
        if (backend.equalsIgnoreCase("auto")) {
            throw new IllegalArgumentException("--backend must name one backend (cpu, cuda or reference)");
        }
        try (Backend candidate = Backends.create(backend, threads, System.err::println)) {
            System.err.println("checking " + candidate.description() + " against the reference backend");
            List<CaseResult> results = ConformanceRunner.run(candidate, filter);
            return report(results);
        }
    }

    private int report(List<CaseResult> results) {
        int width = 4;
        for (CaseResult result : results) {
            width = Math.max(width, result.name().length());
        }
        String row = "%-" + width + "s  %11s  %-22s  %s%n";
        System.out.printf(row, "case", "max |error|", "tolerance", "result");
        int failed = 0;
        for (CaseResult result : results) {
            if (!result.passed()) {
                failed++;
            }
            if (failuresOnly && result.passed()) {
                continue;
            }
            String error = result.failure() != null ? "-" : String.format("%.3g", result.maxError());
            System.out.printf(row, result.name(), error, result.tolerance(), result.passed() ? "pass" : "FAIL");
        }
        for (CaseResult result : results) {
            if (!result.passed()) {
                System.out.println();
                System.out.println(result.describe());
            }
        }
        System.out.println();
        System.out.printf("%d passed, %d failed%n", results.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
