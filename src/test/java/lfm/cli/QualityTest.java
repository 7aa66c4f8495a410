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
 */
class QualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HELD_OUT = 2000;
    private static final long SEED = 5;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"8gaussians, lfm", "8gaussians, fm", "checkerboard, lfm", "checkerboard, fm"})
    void trainedModelBeatsUntrainedModelAndSingleGaussian(String data, String method) throws Exception {
        // Equal total steps: LFM trains 3 OU blocks + the free block × 600 steps, FM one network × 2400.
        double trained = energyDistance(data, method, method.equals("lfm") ? 600 : 2400);
        double untrained = energyDistance(data, method, 1);
        DataMatrix heldOut = Datasets.open(data, null).test(HELD_OUT, SEED);
        double gaussian = EnergyDistance.of(Baselines.momentMatchedGaussian(heldOut, HELD_OUT), heldOut);
        String numbers = data + " " + method + ": trained " + trained + ", untrained " + untrained
                + ", single Gaussian " + gaussian;
        assertTrue(trained < untrained / 10, numbers);
        assertTrue(trained < gaussian / 3, numbers);
    }

    private double energyDistance(String data, String method, int steps) throws Exception {
        Path run = temp.resolve(data + "-" + method + "-" + steps);
        CommandLineRunner.Result trained = CommandLineRunner.run("train", "--backend", "cpu", "--data", data,
                "--method", method, "--blocks", "3", "--steps", Integer.toString(steps), "--hidden", "64",
                "--batch", "512", "--pool", "10000", "--seed", Long.toString(SEED), "--log-every", "1",
                "--checkpoint-every", "100000", "--no-plots", "--out", run.toString());
        assertEquals(0, trained.status(), trained.err());
        CommandLineRunner.Result evaluated = CommandLineRunner.run("eval", "--backend", "cpu", "--run", run.toString(),
                "--n", Integer.toString(HELD_OUT), "--block-points", "0", "--solver", "rk4:10");
        assertEquals(0, evaluated.status(), evaluated.err());
        return JSON.readTree(evaluated.lastLine()).at("/metrics/energy_distance").asDouble();
    }
}
