package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow-policy path of {@code lfm policy} end to end on a tiny budget (what it learns is measured in
 * benchmarks/RESULTS.md, not here): demos → {@code policy train --method lfm} (a conditional run in the
 * policy folder) → {@code distill} on that folder (its in-memory training rows rebuilt from the
 * demonstrations) → {@code policy eval} with the ODE and with the students, and {@code sample
 * --condition} on the same folder.
 */
class PolicyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFlowPolicyTrainsDistilsAndEvaluates(@TempDir Path temp) throws IOException {
        Path demos = temp.resolve("reach.npz");
        Path policy = temp.resolve("policy");
        ok("policy", "demos", "--episodes", "20", "--out", demos.toString());
        JsonNode trained = json(ok(
                "policy",
                "train",
                "--data",
                demos.toString(),
                "--method",
                "lfm",
                "--hidden",
                "16",
                "--depth",
                "2",
                "--steps",
                "60",
                "--batch",
                "64",
                "--out",
                policy.toString(),
                "--backend",
                "cpu"));
        assertEquals("lfm", trained.get("method").asText());
        assertTrue(Files.exists(policy.resolve("block-03.safetensors")), "two OU blocks and the free block");

        ok(
                "distill",
                "--run",
                policy.toString(),
                "--steps",
                "20",
                "--batch",
                "64",
                "--pairs",
                "200",
                "--teacher-solver",
                "rk4:2",
                "--backend",
                "cpu");
        JsonNode ode = json(ok("policy", "eval", "--run", policy.toString(), "--episodes", "2", "--backend", "cpu"));
        assertEquals("lfm", ode.get("method").asText());
        assertEquals(48.0, ode.get("evaluations_per_chunk").asDouble(), "3 blocks of rk4:4");
        JsonNode students = json(
                ok("policy", "eval", "--run", policy.toString(), "--episodes", "2", "--distilled", "--backend", "cpu"));
        assertEquals("lfm-distilled", students.get("method").asText());
        assertEquals(3.0, students.get("evaluations_per_chunk").asDouble(), "one evaluation per student");

        // The run in the folder is an ordinary conditional run: 2 observations of 4 values → 32 chunk values.
        Path condition = temp.resolve("condition.csv");
        Files.writeString(condition, "0.5,0.5,0.2,0.2,0.5,0.5,0.2,0.2\n");
        Path out = temp.resolve("chunks.csv");
        JsonNode sampled = json(ok(
                "sample",
                "--run",
                policy.toString(),
                "--condition",
                condition.toString(),
                "--n",
                "3",
                "--solver",
                "rk4:2",
                "--out",
                out.toString(),
                "--backend",
                "cpu"));
        assertEquals(3, sampled.get("samples").asInt());
        assertEquals(32, Files.readAllLines(out).get(1).split(",").length);
    }

    private static CommandLineRunner.Result ok(String... args) {
        CommandLineRunner.Result result = CommandLineRunner.run(args);
        assertEquals(0, result.status(), String.join(" ", args) + ": " + result.err());
        return result;
    }

    private static JsonNode json(CommandLineRunner.Result result) throws IOException {
        return JSON.readTree(result.lastLine());
    }
}
