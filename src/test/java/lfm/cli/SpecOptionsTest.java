package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import lfm.api.DistillSpec;
import lfm.api.EvalSpec;
import lfm.config.MlpSpec;
import lfm.config.Presets;
import lfm.config.RunConfigFile;
import lfm.config.RunSpec;
import lfm.config.TrainSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Options bound to the spec records: with no flags a command builds exactly the records' defaults, a flag
 * changes exactly its field, --help shows the records' defaults, and presets still fill in what was not
 * given.
 */
class SpecOptionsTest {

    private static TrainCommand train(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void noFlagsGiveTheDefaultsOfEveryRecord() {
        assertEquals(TrainSpec.defaults(), train().trainSpec());
        EvalCommand eval = new EvalCommand();
        new CommandLine(eval).parseArgs("--run", "x", "--distributed", "mpi"); // a shared option EvalSpec does not hold
        assertEquals(EvalSpec.defaults(), SpecOptions.bind(eval, EvalSpec.defaults(), EvalSpec.class, tree -> {}));
        DistillCommand distill = new DistillCommand();
        new CommandLine(distill).parseArgs("--run", "x");
        assertEquals(
                DistillSpec.defaults(),
                SpecOptions.bind(distill, DistillSpec.defaults(), DistillSpec.class, tree -> {}));
    }

    @Test
    void eachFlagSetsItsField() {
        TrainSpec spec = train(
                        "--lr",
                        "1e-3",
                        "--times-per-pair",
                        "4",
                        "--lr-decay-every-fraction",
                        "0.25",
                        "--hidden",
                        "64",
                        "--no-plots",
                        "--no-tensorboard",
                        "--no-warm-start",
                        "--gammas",
                        "0.2,0.3",
                        "--out",
                        "runs/x",
                        "--data",
                        "moons",
                        "--pool",
                        "0",
                        "--backend",
                        "cpu",
                        "--threads",
                        "1")
                .trainSpec();
        TrainSpec expected = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(64))
                .withFlow(flow -> flow.withGammas(List.of(0.2, 0.3)).withWarmStart(false))
                .withOptimization(optimization ->
                        optimization.withLearningRate(1e-3).withTimesPerPair(4).withDecayEveryFraction(0.25))
                .withData(data -> data.withSource("moons").withPoolSize(0))
                .withRun(run -> run.withOut("runs/x")
                        .withPlots(false)
                        .withTensorboard(false)
                        .withBackend("cpu")
                        .withThreads(1));
        assertEquals(expected, spec);
        assertEquals(List.of(), train("--method", "fm").trainSpec().flow().gammas());
        assertEquals(
                List.of(0.5, 1.0),
                train("--blocks", "2", "--gamma0", "0.5", "--rho", "2")
                        .trainSpec()
                        .flow()
                        .gammas());
        assertEquals(
                RunSpec.defaults().withShards(3).withCheckEvery(7),
                train("--shards", "3", "--check-every", "7").trainSpec().run());
        assertEquals(
                "mpi",
                train("--distributed", "mpi").trainSpec().run().distributed(),
                "--distributed of the DistributedOptions mixin");
    }

    @Test
    void everyBoundOptionOfTrainAndItsMixinsNamesAFieldOfTheSpec() {
        JsonNode tree = RunConfigFile.toTree(TrainSpec.defaults());
        List<String> paths = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(TrainCommand.class));
        for (int i = 0; i < classes.size(); i++) {
            for (Field field : classes.get(i).getDeclaredFields()) {
                if (field.getAnnotation(CommandLine.Mixin.class) != null) {
                    classes.add(field.getType());
                } else if (field.getAnnotation(SpecField.class) != null) {
                    paths.add(field.getAnnotation(SpecField.class).value());
                }
            }
        }
        assertTrue(paths.contains("run.distributed"), paths.toString());
        for (String path : paths) {
            assertFalse(tree.at("/" + path.replace('.', '/')).isMissingNode(), path + " names no field of TrainSpec");
        }
    }

    @Test
    void presetsFillWhatTheCommandLineDoesNotGive() {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs("--preset", "power", "--lr", "1e-3");
        command.spec = commandLine.getCommandSpec();
        TrainSpec spec = command.trainSpec(Presets.named("power"));
        assertEquals(MlpSpec.defaults().withWidth(256).withDepth(4).withActivation("relu"), spec.model());
        assertEquals(List.of(0.15, 0.2, 0.26), spec.flow().gammas());
        assertEquals(30_000, spec.optimization().batch());
        assertEquals(100_000, spec.optimization().stepsPerBlock());
        assertEquals(1e-3, spec.optimization().learningRate(), "the flag given wins over the preset");
        assertEquals("dopri5:1e-5,1e-5", spec.run().pushSolver());
        assertEquals(
                Presets.named("power").spec().withOptimization(optimization -> optimization.withLearningRate(1e-3)),
                spec,
                "every other value is the preset's");
    }

    @Test
    void helpShowsTheRecordsDefaults() {
        String help = new CommandLine(new TrainCommand()).getUsageMessage().replaceAll("\\s+", " ");
        for (String shown : new String[] {
            "learning rate (default: 2e-3)",
            "(default: 8gaussians)",
            "(default: 50000)",
            "(default: 0.8)",
            "(default: rk4:8)",
            "(default: 4)",
            "(default: 0.1)",
            "(default: 1.5)",
            "weight decay (default: 0)",
            "(default: none)",
            "0 = never (default: 100)"
        }) {
            assertTrue(help.contains(shown), shown + " in\n" + help);
        }
        assertFalse(help.contains("default: null"), help);
        assertEquals("2e-3", SpecOptions.number("0.002"));
        assertEquals("20000", SpecOptions.number("20000"));
        assertEquals("0.025", SpecOptions.number("0.025"));
        assertEquals("0", SpecOptions.number("0.0"));
    }
}
