package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lfm.config.TrainSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** How lfm sweep turns its keys into spec fields and writes each run's values into the spec by path. */
class SweepSpecsTest {
    private static final CommandSpec TRAIN = new CommandLine(new TrainCommand()).getCommandSpec();
    private static final Path OUT = Path.of("sweep/runs/x");

    @Test
    void keysAreTrainFlagsOrJsonPathsOfTheSpec() {
        assertEquals(new SweepSpecs.Target("seed", "run.seed", false), target("seed"));
        assertEquals(new SweepSpecs.Target("no-warm-start", "flow.warmStart", true), target("no-warm-start"));
        assertEquals(new SweepSpecs.Target("gammas", "flow.gammas", false), target("gammas"));
        assertEquals(new SweepSpecs.Target("threads", "run.threads", false), target("threads"));
        assertEquals(
                new SweepSpecs.Target("optimization.batch", "optimization.batch", false), target("optimization.batch"));
        Map<String, String> refused = Map.of(
                "blocks",
                "sweep gammas instead",
                "out",
                "sets this itself",
                "run.out",
                "sets this itself",
                "warp",
                "not a flag of lfm train",
                "optimization.speed",
                "no such field",
                "flow",
                "not a flag of lfm train");
        refused.forEach((key, message) -> {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> target(key), key);
            assertTrue(
                    error.getMessage().startsWith("--sweep " + key + ":")
                            && error.getMessage().contains(message),
                    error.getMessage());
        });
    }

    @Test
    void valuesAreWrittenIntoTheSpecByPath() {
        TrainSpec base = TrainSpec.defaults();
        TrainSpec spec = SweepSpecs.spec(
                base,
                Map.of(
                        target("seed"),
                        "3",
                        target("gammas"),
                        ".1,.2",
                        target("no-warm-start"),
                        "true",
                        target("optimization.learningRate"),
                        "1e-3",
                        target("data"),
                        "rose"),
                OUT,
                2,
                List.of(0.5));
        TrainSpec expected = base.withFlow(
                        flow -> flow.withGammas(List.of(0.1, 0.2)).withWarmStart(false))
                .withOptimization(optimization -> optimization.withLearningRate(1e-3))
                .withData(data -> data.withSource("rose-curve"))
                .withRun(run -> run.withSeed(3).withOut(OUT).withThreads(2));
        assertEquals(expected, spec);

        TrainSpec global = SweepSpecs.spec(base, Map.of(target("method"), "fm"), OUT, null, List.of(0.5));
        assertEquals(List.of(), global.flow().gammas(), "fm drops the OU blocks");
        assertEquals(0, global.run().threads(), "threads as given");
        TrainSpec local = SweepSpecs.spec(global, Map.of(target("method"), "lfm"), OUT, null, List.of(0.5));
        assertEquals(List.of(0.5), local.flow().gammas(), "lfm takes the train flags' schedule");

        assertRejects("--sweep seed=x: not a number", Map.of(target("seed"), "x"));
        assertRejects("--sweep no-warm-start=yes: expected true or false", Map.of(target("no-warm-start"), "yes"));
        assertRejects("--lr must be > 0", Map.of(target("lr"), "-1"));
    }

    private static SweepSpecs.Target target(String key) {
        return SweepSpecs.resolve(key, TRAIN);
    }

    private static void assertRejects(String message, Map<SweepSpecs.Target, String> values) {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> SweepSpecs.spec(TrainSpec.defaults(), values, OUT, null, List.of(0.5)));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
