package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code lfm presets [NAME]} and {@code lfm train --preset NAME --show}: every flag as it resolves. */
class PresetsCommandTest {

    @Test
    void presetsListsTheAuthorsSettingsAndPrintsEveryFlagOfOne() {
        CommandLineRunner.Result list = CommandLineRunner.run("presets");
        assertEquals(0, list.status(), list.err());
        for (String name : new String[] {"2d", "power", "gas", "miniboone", "bsds300"}) {
            assertTrue(list.out().contains(name + " "), list.out());
        }
        CommandLineRunner.Result gas = CommandLineRunner.run("presets", "gas");
        assertEquals(0, gas.status(), gas.err());
        String flags = gas.out().replaceAll(" +", " ");
        for (String line : new String[] {
            "--gammas 0.05",
            "--hidden 362",
            "--depth 5",
            "--activation relu",
            "--times-per-pair 10",
            "--batch 50000",
            "--steps 100000",
            "--lr 2e-3",
            "--lr-decay 0.99",
            "--lr-decay-every 1000",
            "--time-sampling beta:1,0.5",
            "--pool 0",
            "--push-solver dopri5:1e-5,1e-5",
            "--no-warm-start false",
            "--backend auto",
            "--data 8gaussians"
        }) {
            assertTrue(flags.contains(line + "\n"), line + " in\n" + gas.out());
        }
        assertEquals(
                gas.out(),
                CommandLineRunner.run("train", "--preset", "gas", "--show").out());
    }

    @Test
    void flagsGivenOnTheCommandLineWinOverThePreset() {
        CommandLineRunner.Result shown =
                CommandLineRunner.run("train", "--preset", "2d", "--steps", "2000", "--data", "rose.png", "--show");
        assertEquals(0, shown.status(), shown.err());
        String flags = shown.out().replaceAll(" +", " ");
        for (String line : new String[] {
            "--steps 2000",
            "--data stretch:rose.png",
            "--pool 2000000",
            "--gammas 0.025,0.031,0.039,0.049,0.061,0.076,0.095,0.119",
            "--image-fit stretch (for PNG data)"
        }) {
            assertTrue(flags.contains(line + "\n"), line + " in\n" + shown.out());
        }
        CommandLineRunner.Result unknown = CommandLineRunner.run("presets", "cifar");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown preset 'cifar'"), unknown.err());
    }
}
