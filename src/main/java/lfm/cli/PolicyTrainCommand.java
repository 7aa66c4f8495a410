package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.api.Training;
import lfm.backend.Backend;
import lfm.config.MlpSpec;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.Schedule;
import lfm.policy.Demonstrations;
import lfm.policy.PolicyConfig;
import lfm.policy.PolicyShape;
import lfm.policy.PolicyWindows;
import lfm.policy.bc.BehaviourCloning;
import lfm.policy.bc.RegressionConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm policy train}: a chunked policy from demonstrations: a conditional LFM or FM flow over the
 * action chunk given the observation history, or behaviour cloning (regression) as the baseline.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Train a policy on demonstrations (.npz: observations, actions, episode_ends).")
final class PolicyTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(
            names = "--data",
            required = true,
            description = "demonstrations .npz (lfm policy demos, benchmarks/policy/make_demos.py)")
    Path data;

    @Option(names = "--method", defaultValue = "lfm", description = "lfm | fm | bc (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--out", required = true, description = "the policy folder to write")
    Path out;

    @Option(
            names = "--history",
            defaultValue = "2",
            description = "observations in the condition (default: ${DEFAULT-VALUE})")
    int history;

    @Option(names = "--horizon", defaultValue = "16", description = "actions per chunk (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(
            names = "--execute",
            defaultValue = "8",
            description = "actions executed per chunk (default: ${DEFAULT-VALUE})")
    int execute;

    @Option(
            names = "--hidden",
            defaultValue = "256",
            description = "units per hidden layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--depth", defaultValue = "3", description = "hidden layers (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(
            names = "--activation",
            defaultValue = "relu",
            description = "hidden activation (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(
            names = "--steps",
            defaultValue = "18000",
            description = "optimiser steps in all: lfm divides them "
                    + "evenly among its blocks, fm and bc take them all (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--batch", defaultValue = "256", description = "rows per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--lr",
            defaultValue = "3e-3",
            description = "initial learning rate: flows halve it after every third of a "
                    + "block's steps, bc decays it to 1% by a cosine (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--seed", defaultValue = "0", description = "seed of weights and draws (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--gammas",
            defaultValue = "0.25,0.4",
            description = "lfm: OU step lengths of the blocks before " + "the free block (default: ${DEFAULT-VALUE})")
    String gammas;

    @Option(
            names = "--lr-decay",
            defaultValue = "0.5",
            description = "flows: factor applied to the learning rate "
                    + "after every third of a block's steps (default: ${DEFAULT-VALUE})")
    double decayFactor;

    @Option(
            names = "--ema",
            defaultValue = "0",
            description = "flows: EMA decay of the saved weights, 0 = none " + "(default: ${DEFAULT-VALUE})")
    double emaDecay;

    @Option(
            names = "--time-sampling",
            defaultValue = "uniform",
            description = "flows: how t is drawn, uniform " + "or beta:a,b (default: ${DEFAULT-VALUE})")
    String timeSampling;

    @Option(
            names = "--condition-embedding",
            defaultValue = "0",
            description = "flows: E > 0 encodes the "
                    + "observation history with its own E-unit layer (default: ${DEFAULT-VALUE})")
    int conditionEmbedding;

    @Override
    public Integer call() throws Exception {
        if (!method.equals("bc") && !method.equals("lfm") && !method.equals("fm")) {
            throw new ParameterException(spec.commandLine(), "--method must be lfm, fm or bc, got " + method);
        }
        if (Files.exists(out.resolve(PolicyConfig.FILE))) {
            throw new IllegalArgumentException(out + " already holds a policy; pick another --out");
        }
        Demonstrations demos = Demonstrations.read(data);
        PolicyShape shape;
        RegressionConfig regression;
        try {
            shape = new PolicyShape(demos.observationSize(), demos.actionSize(), history, horizon, execute);
            regression = new RegressionConfig(hidden, depth, activation, steps, batch, learningRate, seed);
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage());
        }
        PolicyWindows.Windows windows = PolicyWindows.build(demos, shape);
        System.err.printf(
                "%s: %d episodes, %d windows; condition %d values, chunk %d values%n",
                data, demos.episodes(), windows.conditions().rows(), shape.conditionSize(), shape.chunkSize());
        long start = System.nanoTime();
        if (method.equals("bc")) {
            try (Backend backend = backendOptions.open();
                    BehaviourCloning policy = BehaviourCloning.train(backend, shape, windows, regression)) {
                Files.createDirectories(out);
                policy.saveWeights(out);
                new PolicyConfig(
                                PolicyConfig.FORMAT,
                                method,
                                shape,
                                data.toString(),
                                regression,
                                policy.conditionScale(),
                                policy.chunkScale())
                        .write(out);
            }
        } else {
            TrainSpec train = SpecOptions.usageErrors(spec, () -> flowSpec(shape));
            DataMatrix rows = DataMatrix.joinColumns(windows.chunks(), windows.conditions());
            Training.plan(train, rows)
                    .run(backendOptions::open, new ProgressReporter(System.err))
                    .close();
            new PolicyConfig(PolicyConfig.FORMAT, method, shape, data.toString(), null, null, null).write(out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("%s policy written to %s in %.1f s%n", method, out, seconds);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policy", out.toString());
        json.put("method", method);
        json.put("windows", windows.conditions().rows());
        json.put("seconds", Math.round(seconds * 10) / 10.0);
        System.out.println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }

    /**
     * The conditional flow over chunks given conditions: rows [chunk | condition], the condition columns
     * after the H·A chunk columns, both standardised. At equal training steps: LFM's blocks share --steps,
     * global FM's one block takes them all.
     */
    private TrainSpec flowSpec(PolicyShape shape) {
        List<Double> schedule =
                method.equals("fm") ? List.of() : Schedule.parse(gammas).gammas();
        int blocks = schedule.size() + 1;
        int perBlock = Math.toIntExact(Math.max(1, steps / blocks));
        return TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(hidden).withDepth(depth).withActivation(activation))
                .withFlow(flow -> flow.withMethod(method)
                        .withGammas(schedule)
                        .withInterpolant("ot")
                        .withTimeSampling(timeSampling))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(perBlock)
                        .withBatch(batch)
                        .withLearningRate(learningRate)
                        .withDecayFactor(decayFactor)
                        .withDecayEvery(Math.max(1, perBlock / 3))
                        .withEmaDecay(emaDecay))
                .withData(data -> data.withPoolSize(0))
                .withRun(run -> run.withOut(out)
                        .withSeed(seed)
                        .withPlots(false)
                        .withIntervals(100, 50)
                        .withPushSolver("rk4:8")
                        .withSampleSolver("rk4:4")
                        .withBackend(backendOptions.backend)
                        .withThreads(backendOptions.threads))
                .withCondition(condition ->
                        condition.withColumns(shape.chunkSize() + ":").withEmbedding(conditionEmbedding));
    }
}
