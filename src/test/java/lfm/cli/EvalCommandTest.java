package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.data.DataMatrix;
import lfm.data.Datasets;
import lfm.metrics.EnergyDistance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lfm train` then `lfm eval` end to end on 8gaussians, a set whose density is known in closed form:
 * the trained model's samples must beat the best single Gaussian by a wide margin, its test NLL must
 * sit close to the data's differential entropy, and the JSON line must carry every number.
 */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Entropy of 8gaussians: eight equal modes on radius 4/1.414 with σ = 0.5/1.414 are separated by
     * ≈ 6 σ, so the mixture's entropy is log 8 + log(2πe σ²) to within 1e-3 nats.
     */
    private static final double ENTROPY = Math.log(8) + Math.log(2 * Math.PI * Math.E * Math.pow(0.5 / 1.414, 2));

    @TempDir
    static Path temp;

    private static Path run;

    @BeforeAll
    static void train() {
        run = temp.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                "8gaussians",
                "--blocks",
                "3",
                "--steps",
                "600",
                "--hidden",
                "64",
                "--batch",
                "512",
                "--pool",
                "20000",
                "--seed",
                "3",
                "--log-every",
                "100",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        for (String plot : new String[] {"samples.png", "blocks.png", "loss.png"}) {
            assertTrue(Files.isRegularFile(run.resolve(plot)), plot + " written next to the blocks");
        }
    }

    @Test
    void samplesBeatTheBestSingleGaussianAndNllMatchesTheEntropy() throws Exception {
        CommandLineRunner.Result evaluated = CommandLineRunner.run(
                "eval",
                "--backend",
                "cpu",
                "--run",
                run.toString(),
                "--n",
                "2000",
                "--block-points",
                "500",
                "--nll",
                "--nll-steps",
                "60",
                "--solver",
                "rk4:20");
        assertEquals(0, evaluated.status(), evaluated.err());
        JsonNode report = JSON.readTree(evaluated.lastLine());

        DataMatrix heldOut = Datasets.open("8gaussians", null).test(2000, 3);
        double model = report.at("/metrics/energy_distance").asDouble();
        double gaussian = EnergyDistance.of(Baselines.momentMatchedGaussian(heldOut, 2000), heldOut);
        assertTrue(model < gaussian / 10, "energy distance " + model + " vs single Gaussian " + gaussian);

        JsonNode nll = report.get("nll");
        assertEquals(2000, nll.get("points").asInt());
        assertEquals(0, nll.get("non_finite").asInt());
        assertEquals(ENTROPY, nll.get("mean").asDouble(), 0.25, "test NLL vs the data entropy " + ENTROPY);
        assertTrue(
                nll.get("mean").asDouble()
                        > ENTROPY - 4 * nll.get("standard_error").asDouble(),
                "a model cannot beat the true density on average");
        assertEquals(
                nll.get("mean").asDouble() / (2 * Math.log(2)),
                nll.get("bits_per_dim").asDouble(),
                1e-12);

        JsonNode blocks = report.get("blocks");
        assertEquals(3 + 1, blocks.get("step_energy_distances").size(), "three OU blocks and the free block");
        assertTrue(blocks.get("noise_energy_distance").asDouble() < 0.02, blocks.toString());
        assertTrue(blocks.get("round_trip_rms").asDouble() < 0.02, blocks.toString());
        assertTrue(
                report.at("/generation/evaluations_per_point").asInt() == 4 * 4 * 20,
                "rk4:20 per block: 4 evaluations × 20 steps × 4 blocks");
    }

    @Test
    void badFlagsAndMissingRunsFailWithOneLine() {
        CommandLineRunner.Result missing =
                CommandLineRunner.run("eval", "--run", temp.resolve("nothing").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().strip().lines().count() == 1, missing.err());

        CommandLineRunner.Result split = CommandLineRunner.run("eval", "--run", run.toString(), "--split", "train");
        assertEquals(2, split.status());
        assertTrue(split.err().contains("--split must be test or validation"), split.err());

        CommandLineRunner.Result validation =
                CommandLineRunner.run("eval", "--run", run.toString(), "--split", "validation", "--n", "10");
        assertEquals(1, validation.status());
        assertTrue(validation.err().contains("no validation split"), validation.err());

        // The run is unconditional: guidance would be ignored, so it is refused instead.
        CommandLineRunner.Result guidance =
                CommandLineRunner.run("eval", "--run", run.toString(), "--guidance", "2", "--n", "10");
        assertEquals(2, guidance.status());
        assertTrue(guidance.err().contains("--guidance needs a conditional run"), guidance.err());

        CommandLineRunner.Result distilled =
                CommandLineRunner.run("eval", "--run", run.toString(), "--guidance", "2", "--distilled", "--n", "10");
        assertEquals(2, distilled.status());
        assertTrue(distilled.err().contains("--guidance does not apply to --distilled"), distilled.err());
    }
}
