package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import lfm.data.DataMatrix;
import lfm.data.Datasets;
import lfm.metrics.EnergyDistance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Short seeded runs through the CLI on 8gaussians and checkerboard, for LFM and for global flow
 * matching at the same total number of optimiser steps, reach an energy distance to held-out data that
 * neither an (almost) untrained model nor the best single Gaussian reaches.
 *
 * <p>Every energy distance is taken at n = 10,000 points a side. The distance between two independent
 * draws of the same data set (the floor, printed) measured between −0.0005 and +0.0009 there; its noise
 * falls as 1/n, so at n = 2,000 (the size this test used before, with ÷ 3 for both data sets) it is
 * about five times larger.
 *
 * <p>Measured (single Gaussian's distance ÷ trained model's; training seeds 5, 6, 7, the seed kept being
 * 5, CPU backend, AVX-512):
 * <pre>
 *   8gaussians   lfm  9.5  11.0  19.9     fm  4.0  9.0  25.3    (single Gaussian ≈ 0.088)
 *   checkerboard lfm  2.3   9.3   2.0     fm  5.3  8.7   3.0    (single Gaussian ≈ 0.032)
 * </pre>
 * A model this small and short fits 8gaussians several times better than one Gaussian, but checkerboard,
 * whose moment-matched Gaussian is already a fair match in energy distance, sometimes only about twice
 * as well. The limits (÷ 3 and ÷ 1.5) leave a margin of at least 1.33× under every measured ratio. The
 * untrained model (1 step) was 29–174 times worse than the trained one; the limit is 10.
 */
class QualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HELD_OUT = 10_000;
    private static final long SEED = 5;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"8gaussians, lfm, 3", "8gaussians, fm, 3", "checkerboard, lfm, 1.5", "checkerboard, fm, 1.5"})
    void trainedModelBeatsUntrainedModelAndSingleGaussian(String data, String method, double gaussianRatio)
            throws Exception {
        // Equal total steps: LFM trains 3 OU blocks + the free block × 600 steps, FM one network × 2400.
        double trained = energyDistance(data, method, method.equals("lfm") ? 600 : 2400);
        double untrained = energyDistance(data, method, 1);
        DataMatrix heldOut = Datasets.open(data, null).test(HELD_OUT, SEED);
        double gaussian = EnergyDistance.of(Baselines.momentMatchedGaussian(heldOut, HELD_OUT), heldOut);
        double floor = EnergyDistance.of(Datasets.open(data, null).test(HELD_OUT, SEED + 1), heldOut);
        String numbers = String.format(
                "%s %s: trained %.5f, untrained %.5f (÷ %.1f), single Gaussian %.5f (÷ %.2f)," + " floor %.5f",
                data, method, trained, untrained, untrained / trained, gaussian, gaussian / trained, floor);
        System.out.println(numbers);
        assertTrue(trained < untrained / 10, numbers);
        assertTrue(trained < gaussian / gaussianRatio, numbers);
    }

    private double energyDistance(String data, String method, int steps) throws Exception {
        Path run = temp.resolve(data + "-" + method + "-" + steps);
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                data,
                "--method",
                method,
                "--blocks",
                "3",
                "--steps",
                Integer.toString(steps),
                "--hidden",
                "64",
                "--batch",
                "512",
                "--pool",
                "10000",
                "--seed",
                Long.toString(SEED),
                "--log-every",
                "1",
                "--checkpoint-every",
                "100000",
                "--no-plots",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        CommandLineRunner.Result evaluated = CommandLineRunner.run(
                "eval",
                "--backend",
                "cpu",
                "--run",
                run.toString(),
                "--n",
                Integer.toString(HELD_OUT),
                "--block-points",
                "0",
                "--solver",
                "rk4:10");
        assertEquals(0, evaluated.status(), evaluated.err());
        return JSON.readTree(evaluated.lastLine())
                .at("/metrics/energy_distance")
                .asDouble();
    }
}
