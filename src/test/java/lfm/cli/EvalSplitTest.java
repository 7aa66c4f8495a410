package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import lfm.data.DoubleMatrix;
import lfm.data.format.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lfm eval --split validation|test} on a MAF benchmark (a small synthetic POWER file): the
 * validation split is the one the LFM authors' tabular "test NLL" uses; test stays the default.
 */
class EvalSplitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 1000; // MAF tail splits: 810 train, 90 validation, 100 test

    @TempDir
    Path temp;

    @Test
    void validationAndTestAreMafsSplitsAndTestIsTheDefault() throws Exception {
        Path data = temp.resolve("power").resolve("data.npy");
        Files.createDirectories(data.getParent());
        Random random = new Random(5);
        double[] values = new double[ROWS * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() + (i % 8);
        }
        NpyWriter.write(data, new DoubleMatrix(ROWS, 8, values));
        Path run = temp.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                "power:" + temp,
                "--blocks",
                "1",
                "--steps",
                "20",
                "--hidden",
                "8",
                "--batch",
                "64",
                "--pool",
                "0",
                "--log-every",
                "10",
                "--checkpoint-every",
                "10",
                "--no-plots",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        for (String split : new String[] {"validation", "test", null}) {
            String[] flags = {
                "eval",
                "--backend",
                "cpu",
                "--run",
                run.toString(),
                "--n",
                "0",
                "--block-points",
                "0",
                "--nll",
                "--nll-steps",
                "5",
                "--solver",
                "rk4:2"
            };
            if (split != null) {
                flags = java.util.Arrays.copyOf(flags, flags.length + 2);
                flags[flags.length - 2] = "--split";
                flags[flags.length - 1] = split;
            }
            CommandLineRunner.Result evaluated = CommandLineRunner.run(flags);
            assertEquals(0, evaluated.status(), evaluated.err());
            JsonNode report = JSON.readTree(evaluated.lastLine());
            String expected = split == null ? "test" : split;
            assertEquals(expected, report.get("split").asText());
            assertEquals(
                    expected.equals("validation") ? 90 : 100,
                    report.get("held_out_points").asInt());
            assertEquals(
                    report.get("held_out_points").asInt(),
                    report.at("/nll/points").asInt());
            assertEquals(0, report.at("/nll/non_finite").asInt());
            assertTrue(Double.isFinite(report.at("/nll/mean").asDouble()), report.toString());
        }
    }
}
