package lfm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/** The spec records: their defaults, their checks (messages name the flag), their with… methods. */
class SpecRecordsTest {

    @Test
    void defaultsAreTheCommandLineDefaults() {
        TrainSpec spec = TrainSpec.defaults();
        assertEquals(new MlpSpec(128, 3, "softplus:20", 0), spec.model());
        assertEquals(List.of(0.1, 0.1 * Math.pow(1.5, 1), 0.1 * Math.pow(1.5, 2), 0.1 * Math.pow(1.5, 3)), spec.flow().gammas());
        assertEquals(5, spec.flow().schedule().blockCount());
        assertEquals(new OptimizationSpec(3000, 1024, 2e-3, 0.8, 1000, 0, "adam", 0, 0, 0), spec.optimization());
        assertEquals(new DataSpec("8gaussians", 50_000, Standardize.AUTO), spec.data());
        assertEquals(new RunSpec(null, 500, 50, 0, "rk4:8", "dopri5:1e-5,1e-5", 20_000, "auto", 0, true), spec.run());
        assertEquals("3×128 softplus:20", spec.model().describe());
    }

    @Test
    void badValuesFailWhereTheyAreSetNamingTheFlag() {
        assertRejects("--lr must be > 0", () -> OptimizationSpec.defaults().withLearningRate(-1));
        assertRejects("--steps must be ≥ 1", () -> OptimizationSpec.defaults().withStepsPerBlock(0));
        assertRejects("--optimizer must be adam or adamw", () -> OptimizationSpec.defaults().withOptimizer("sgd"));
        assertRejects("--ema in [0, 1)", () -> OptimizationSpec.defaults().withEmaDecay(1));
        assertRejects("--method must be lfm or fm", () -> FlowSpec.defaults().withMethod("gan"));
        assertRejects("takes no γ schedule", () -> new FlowSpec("fm", List.of(0.1), "trig", "uniform", true));
        assertRejects("γ of block 2", () -> FlowSpec.defaults().withGammas(List.of(0.1, -2.0)));
        assertRejects("unknown interpolant", () -> FlowSpec.defaults().withInterpolant("cubic"));
        assertRejects("unknown activation", () -> MlpSpec.defaults().withActivation("gelu"));
        assertRejects("--pool must be ≥ 0", () -> DataSpec.defaults().withPoolSize(-1));
        assertRejects("must be a multiple of --log-every", () -> RunSpec.defaults().withIntervals(30, 20));
        assertRejects("unknown backend 'tpu'", () -> RunSpec.defaults().withBackend("tpu"));
        assertRejects("--threads must be ≥ 0", () -> RunSpec.defaults().withThreads(-1));
        assertRejects("standardisation must be auto, on or off", () -> Standardize.parse("maybe"));
    }

    @Test
    void withMethodsChangeOneFieldAndFmDropsTheOuBlocks() {
        FlowSpec global = FlowSpec.defaults().withMethod("fm");
        assertEquals(List.of(), global.gammas());
        assertEquals(1, global.schedule().blockCount());
        assertEquals(List.of(0.025, 0.025 * 1.25), FlowSpec.defaults().withGeometricGammas(2, 0.025, 1.25).gammas());
        TrainSpec spec = TrainSpec.defaults().withOptimization(optimization -> optimization.withBatch(64));
        assertEquals(64, spec.optimization().batch());
        assertEquals(TrainSpec.defaults().withOptimization(OptimizationSpec.defaults()), TrainSpec.defaults());
        assertEquals(spec.withOptimization(TrainSpec.defaults().optimization()), TrainSpec.defaults());
        assertTrue(Standardize.AUTO.applies(true) && !Standardize.AUTO.applies(false) && Standardize.ON.applies(false)
                && !Standardize.OFF.applies(true));
    }

    @Test
    void theJsonFormNamesTheModelKindAndRejectsUnknownFields() {
        String json = TrainSpec.defaults().toJson();
        assertTrue(json.contains("\"kind\" : \"mlp\""), json);
        assertTrue(json.contains("\"standardize\" : \"auto\""), json);
        assertEquals(TrainSpec.defaults(), TrainSpec.fromJson(json));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TrainSpec.fromJson(json.replace("\"batch\"", "\"bogus\" : 1, \"batch\"")));
        assertEquals("unknown field 'optimization.bogus'", unknown.getMessage());
    }

    private static void assertRejects(String fragment, Executable build) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, build);
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }
}
