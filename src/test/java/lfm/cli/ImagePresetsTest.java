package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lfm.config.Presets;
import lfm.config.TrainSpec;
import lfm.config.UNetSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The image presets choose a UNet and the authors' image procedure; flags still win. */
class ImagePresetsTest {

    private static TrainSpec parse(String... args) {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs(args);
        command.spec = commandLine.getCommandSpec();
        return command.trainSpec(command.preset == null ? null : Presets.named(command.preset));
    }

    @Test
    void fmnistPresetIsTheImageProcedure() {
        TrainSpec spec = parse("--preset", "fmnist-xs", "--steps", "7");
        UNetSpec unet = assertInstanceOf(UNetSpec.class, spec.model());
        assertEquals(UNetSpec.preset("fmnist-xs"), unet);
        assertEquals(List.of(0.1, 0.15, 0.225), spec.flow().gammas());
        assertEquals("ot", spec.flow().interpolant());
        assertEquals(7, spec.optimization().stepsPerBlock());
        assertEquals(128, spec.optimization().batch());
        assertEquals(1.0, spec.optimization().gradientClip());
        assertEquals(1.0, spec.optimization().decayFactor(), "constant after the warm-up");
        assertTrue(spec.optimization().warmupSteps() > 0 && spec.optimization().emaDecay() > 0);
        assertEquals(0, spec.data().poolSize(), "the whole training set");
        assertEquals(256, spec.run().chunkRows(), "pushes of 256 images: a UNet chunk's activations live at once");
        assertEquals(64, parse("--preset", "cifar-paper").run().chunkRows());
        assertEquals(256, parse("--model", "unet:digits-t8").run().chunkRows(), "a UNet without a preset");
        assertEquals(
                100, parse("--model", "unet:digits-t8", "--chunk", "100").run().chunkRows());
        assertEquals(20000, parse().run().chunkRows(), "an MLP keeps the tabular chunk");
        assertEquals(TrainSpec.fromJson(spec.toJson()), spec, "the UNet spec survives config.json");
    }

    @Test
    void fmBaselineKeepsTheScheduleShape() {
        TrainSpec lfm = parse("--preset", "fmnist-xs");
        TrainSpec fm = parse("--preset", "fmnist-xs", "--method", "fm", "--steps", "4000");
        assertEquals(List.of(), fm.flow().gammas());
        assertEquals(lfm.optimization().withStepsPerBlock(4000), fm.optimization());
        assertEquals(lfm.model(), fm.model());
    }

    @Test
    void modelFlagsAreChecked() {
        assertEquals(
                UNetSpec.preset("digits-t8"), parse("--model", "unet:digits-t8").model());
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> parse("--model", "unet:digits-t8", "--hidden", "8"))
                        .getMessage()
                        .contains("--hidden applies to --model mlp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--model", "cnn"))
                .getMessage()
                .startsWith("--model must be mlp or unet:PRESET"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--model", "unet:huge"))
                .getMessage()
                .startsWith("unknown UNet preset 'huge'"));
        assertTrue(parse("--preset", "cifar-paper").data().horizontalFlip());
    }

    @Test
    void presetsListsTheImagePresetsAndShowsTheUNet() {
        CommandLineRunner.Result list = CommandLineRunner.run("presets");
        assertEquals(0, list.status(), list.err());
        for (String name : new String[] {"digits-t8", "fmnist-xs", "fmnist-s", "fmnist-m", "cifar-paper"}) {
            assertTrue(list.out().contains(name + " "), list.out());
        }
        CommandLineRunner.Result cifar = CommandLineRunner.run("presets", "cifar-paper");
        assertEquals(0, cifar.status(), cifar.err());
        String flags = cifar.out().replaceAll(" +", " ");
        for (String line : new String[] {
            "--model unet:cifar-paper",
            "--gammas 0.1,0.15,0.225",
            "--interpolant ot",
            "--hflip true",
            "--clip 1",
            "--ema 0.9999",
            "--warmup 5000",
            "--pool 0"
        }) {
            assertTrue(flags.contains(line + "\n"), line + " in\n" + cifar.out());
        }
        assertTrue(!flags.contains("--hidden") && !flags.contains("--depth"), cifar.out());
    }
}
