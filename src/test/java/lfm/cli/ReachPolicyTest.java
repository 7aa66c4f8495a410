package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's policy test on the built-in reach task, at the defaults of {@code lfm policy train} (18,000
 * optimiser steps; one training seed, benchmarks/RESULTS.md has three): 200 expert demonstrations whose
 * routes split evenly left and right of the obstacle; the LFM policy reaches the goal from ≥ 90% of the
 * 50 held-out starts, behaviour cloning, which regresses the mean of the two routes, from clearly fewer
 * (at least 15 points below). The expert's 100% is {@code ReachTaskTest}'s.
 *
 * <p>At the former default of 6,000 steps the flow policies were under-trained (LFM 60–78 %); at 18,000
 * (6,000 per LFM block) LFM reached 94–96 % on three seeds and BC 70 % (benchmarks/RESULTS.md, "More
 * steps"). One CPU thread, so that the result is the one measured there for seed 0.
 */
class ReachPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lfmPolicyPassesTheObstacleAndBehaviourCloningDoesNot(@TempDir Path temp) throws IOException {
        String demos = temp.resolve("reach.npz").toString();
        ok("policy", "demos", "--task", "reach", "--episodes", "200", "--seed", "1", "--out", demos);
        double lfm = successRate(temp, demos, "lfm");
        double bc = successRate(temp, demos, "bc");
        assertTrue(lfm >= 0.9, "LFM policy: " + lfm + " of the held-out starts");
        assertTrue(bc <= lfm - 0.15, "BC policy: " + bc + ", LFM: " + lfm);
    }

    private static double successRate(Path temp, String demos, String method) throws IOException {
        String policy = temp.resolve(method).toString();
        ok(
                "policy",
                "train",
                "--data",
                demos,
                "--method",
                method,
                "--seed",
                "0",
                "--out",
                policy,
                "--backend",
                "cpu",
                "--threads",
                "1");
        String result = ok("policy", "eval", "--run", policy, "--episodes", "50", "--backend", "cpu", "--threads", "1")
                .lastLine();
        return JSON.readTree(result).get("success_rate").asDouble();
    }

    private static CommandLineRunner.Result ok(String... args) {
        CommandLineRunner.Result result = CommandLineRunner.run(args);
        assertEquals(0, result.status(), String.join(" ", args) + ": " + result.err());
        return result;
    }
}
