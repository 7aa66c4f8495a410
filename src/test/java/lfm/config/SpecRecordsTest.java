package lfm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The spec records: their defaults, their checks (messages name the flag), their with… methods. */
class SpecRecordsTest {

    @Test
    void defaultsAreTheCommandLineDefaults() {
        TrainSpec spec = TrainSpec.defaults();
        MlpSpec model = (MlpSpec) spec.model();
        assertEquals(
                List.of(128, 3, "softplus:20", 0),
                List.of(model.width(), model.depth(), model.activation(), model.timeFrequencies()));
        assertEquals(
                List.of(0.1, 0.1 * Math.pow(1.5, 1), 0.1 * Math.pow(1.5, 2), 0.1 * Math.pow(1.5, 3)),
                spec.flow().gammas());
        assertEquals(5, spec.flow().schedule().blockCount());
        OptimizationSpec optimization = spec.optimization();
        assertEquals(
                List.of(3000, 1024, 1, 2e-3, 0.8, 1000L, 0.0, 0L, "adam", 0.0, 0.0, 0.0),
                List.of(
                        optimization.stepsPerBlock(),
                        optimization.batch(),
                        optimization.timesPerPair(),
                        optimization.learningRate(),
                        optimization.decayFactor(),
                        optimization.decayEvery(),
                        optimization.decayEveryFraction(),
                        optimization.warmupSteps(),
                        optimization.optimizer(),
                        optimization.weightDecay(),
                        optimization.gradientClip(),
                        optimization.emaDecay()));
        DataSpec data = spec.data();
        assertEquals(
                List.of("8gaussians", 50_000, Standardize.AUTO),
                List.of(data.source(), data.poolSize(), data.standardize()));
        RunSpec run = spec.run();
        assertEquals(
                java.util.Arrays.asList(
                        null, 500, 50, 0L, "rk4:8", "dopri5:1e-5,1e-5", 20_000, "auto", 0, true, "none", 1, 100, true),
                java.util.Arrays.asList(
                        run.out(),
                        run.checkpointEvery(),
                        run.logEvery(),
                        run.seed(),
                        run.pushSolver(),
                        run.sampleSolver(),
                        run.chunkRows(),
                        run.backend(),
                        run.threads(),
                        run.plots(),
                        run.distributed(),
                        run.shards(),
                        run.checkEvery(),
                        run.tensorboard()));
        assertEquals("3×128 softplus:20", spec.model().describe());
    }

    @Test
    void adamBeta2ReachesTheOptimizer() {
        OptimizationSpec defaults = OptimizationSpec.defaults();
        assertEquals(0.999f, defaults.adamConfig().beta2(), "PyTorch's default, what runs did before the flag");
        assertEquals(new lfm.optim.AdamConfig(0.9f, 0.999f, 1e-8f, 0f, false), defaults.adamConfig());
        assertEquals(
                lfm.optim.AdamConfig.adamW(0f), defaults.withOptimizer("adamw").adamConfig());
        assertEquals(0.95f, defaults.withAdamBeta2(0.95).adamConfig().beta2());
        assertEquals(
                0.95f,
                defaults.withOptimizer("adamw").withAdamBeta2(0.95).adamConfig().beta2());
        assertEquals(0.95, defaults.withAdamBeta2(0.95).withBatch(8).adamBeta2(), "kept by the other with… methods");
        assertRejects("--adam-beta2 must be in [0, 1)", () -> defaults.withAdamBeta2(1));
        assertRejects("--adam-beta2 must be in [0, 1)", () -> defaults.withAdamBeta2(Double.NaN));
    }

    @Test
    void badValuesFailWhereTheyAreSetNamingTheFlag() {
        assertRejects("--lr must be > 0", () -> OptimizationSpec.defaults().withLearningRate(-1));
        assertRejects(
                "--times-per-pair must be ≥ 1",
                () -> OptimizationSpec.defaults().withTimesPerPair(0));
        assertRejects(
                "--lr-decay-every-fraction must be in [0, 1]",
                () -> OptimizationSpec.defaults().withDecayEveryFraction(1.5));
        assertRejects("--steps must be ≥ 1", () -> OptimizationSpec.defaults().withStepsPerBlock(0));
        assertRejects(
                "--optimizer must be adam or adamw",
                () -> OptimizationSpec.defaults().withOptimizer("sgd"));
        assertRejects("--ema in [0, 1)", () -> OptimizationSpec.defaults().withEmaDecay(1));
        assertRejects("--method must be lfm or fm", () -> FlowSpec.defaults().withMethod("gan"));
        assertRejects(
                "takes no γ schedule",
                () -> FlowSpec.defaults().withMethod("fm").withGammas(List.of(0.1)));
        assertRejects("γ of block 2", () -> FlowSpec.defaults().withGammas(List.of(0.1, -2.0)));
        assertRejects("unknown interpolant", () -> FlowSpec.defaults().withInterpolant("cubic"));
        assertRejects("unknown activation", () -> MlpSpec.defaults().withActivation("gelu"));
        assertRejects("--pool must be ≥ 0", () -> DataSpec.defaults().withPoolSize(-1));
        assertRejects(
                "must be a multiple of --log-every", () -> RunSpec.defaults().withIntervals(30, 20));
        assertRejects("unknown backend 'tpu'", () -> RunSpec.defaults().withBackend("tpu"));
        assertRejects("--threads must be ≥ 0", () -> RunSpec.defaults().withThreads(-1));
        assertRejects(
                "--distributed must be none, mpi or nccl",
                () -> RunSpec.defaults().withDistributed("slurm"));
        assertRejects("--shards must be ≥ 1", () -> RunSpec.defaults().withShards(0));
        assertRejects("--check-every must be ≥ 0", () -> RunSpec.defaults().withCheckEvery(-1));
        assertRejects(
                "use one or the other", () -> RunSpec.defaults().withShards(2).withDistributed("mpi"));
        assertRejects(
                "needs --backend cuda",
                () -> RunSpec.defaults().withBackend("cpu").withDistributed("nccl"));
        assertRejects("standardisation must be auto, on or off", () -> Standardize.parse("maybe"));
    }

    @Test
    void withMethodsChangeOneFieldAndFmDropsTheOuBlocks() {
        FlowSpec global = FlowSpec.defaults().withMethod("fm");
        assertEquals(List.of(), global.gammas());
        assertEquals(1, global.schedule().blockCount());
        assertEquals(
                List.of(0.025, 0.025 * 1.25),
                FlowSpec.defaults().withGeometricGammas(2, 0.025, 1.25).gammas());
        TrainSpec spec = TrainSpec.defaults().withOptimization(optimization -> optimization.withBatch(64));
        assertEquals(64, spec.optimization().batch());
        assertEquals(TrainSpec.defaults().withOptimization(OptimizationSpec.defaults()), TrainSpec.defaults());
        assertEquals(spec.withOptimization(TrainSpec.defaults().optimization()), TrainSpec.defaults());
        RunSpec launched = RunSpec.defaults()
                .withShards(3)
                .withTensorboard(false)
                .withLaunch(RunSpec.defaults()
                        .withBackend("cuda")
                        .withDistributed("nccl")
                        .withCheckEvery(5));
        assertEquals(
                RunSpec.defaults()
                        .withBackend("cuda")
                        .withDistributed("nccl")
                        .withCheckEvery(5)
                        .withTensorboard(false),
                launched,
                "withLaunch takes backend, threads, distributed, shards and checkEvery at once, keeps the rest");
        assertTrue(launched.mpiJob() && !RunSpec.defaults().mpiJob());
        assertTrue(Standardize.AUTO.applies(true)
                && !Standardize.AUTO.applies(false)
                && Standardize.ON.applies(false)
                && !Standardize.OFF.applies(true));
    }

    @Test
    void aDecayFractionGivesFlowsOfDifferentLengthsOneScheduleShape() {
        // LFM: 5 blocks of 3,000 steps decaying every 1,000; FM: one flow of 15,000 steps.
        OptimizationSpec block = OptimizationSpec.defaults().withDecayEveryFraction(1.0 / 3);
        OptimizationSpec global = block.withStepsPerBlock(15_000);
        assertEquals(1000, block.decayInterval());
        assertEquals(5000, global.decayInterval());
        var blockRates = block.learningRates();
        var globalRates = global.learningRates();
        for (long step = 0; step < 3000; step++) {
            assertEquals(
                    OptimizationSpec.defaults().learningRates().rate(step),
                    blockRates.rate(step),
                    0,
                    "F = 1/3 of 3,000 steps is the default every 1,000");
            for (long k = 0; k < 5; k++) {
                assertEquals(
                        blockRates.rate(step),
                        globalRates.rate(5 * step + k),
                        1e-15,
                        "FM step " + (5 * step + k) + " follows LFM step " + step);
            }
        }
        assertEquals(
                4000,
                OptimizationSpec.defaults()
                        .withStepsPerBlock(10_000)
                        .withDecayEveryFraction(0.4)
                        .decayInterval());
        assertEquals(1000, OptimizationSpec.defaults().withDecayEvery(1000).decayInterval(), "0 = --lr-decay-every");
    }

    @Test
    void theJsonFormNamesTheModelKindAndRejectsUnknownFields() {
        String json = TrainSpec.defaults().toJson();
        assertTrue(json.contains("\"kind\" : \"mlp\""), json);
        assertTrue(json.contains("\"standardize\" : \"auto\""), json);
        assertEquals(TrainSpec.defaults(), TrainSpec.fromJson(json));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> TrainSpec.fromJson(json.replace("\"batch\"", "\"bogus\" : 1, \"batch\"")));
        assertEquals("unknown field 'optimization.bogus'", unknown.getMessage());
    }

    private static void assertRejects(String fragment, Executable build) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, build);
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }
}
