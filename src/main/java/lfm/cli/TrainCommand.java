package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.api.Model;
import lfm.api.Training;
import lfm.config.FlowSpec;
import lfm.config.RunConfig;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import lfm.data.Datasets;
import lfm.data.toy.ImageFit;
import lfm.flow.Schedule;
import lfm.train.TrainingSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lfm train}: trains a Local Flow Matching model (or, with {@code --method fm}, global flow
 * matching) and writes a run folder. With no arguments it trains on the built-in default data with
 * settings that finish in about two minutes on two cores. Each option marked {@link SpecField} is a field
 * of {@link TrainSpec}: its default comes from the spec's records and its value goes into the spec that
 * {@link Training} runs.
 */
@Command(name = "train", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        defaultValueProvider = SpecOptions.Train.class,
        description = "Train a Local Flow Matching model and write a run folder (runs/<name>/).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DistributedOptions distributedOptions;

    @Option(names = "--data", description = "built-in 2D set (8gaussians, checkerboard, ...; "
            + "rose-curve and branching-tree are procedural shapes, not the paper's rose and tree images), file.png, "
            + "file.csv, file.npy, or a benchmark spec such as power:DIR (default: ${DEFAULT-VALUE})")
    @SpecField("data.source")
    String data;

    @Option(names = "--image-fit", description = "for image data: keep (aspect ratio kept, mass 1 − grey/255; the "
            + "default) or stretch (both axes to [−4, 4], mass max − grey: the authors' fit)")
    String imageFit;

    @Option(names = "--preset", description = "authors' settings: 2d, power, gas, miniboone, bsds300 (flags given here win)")
    String preset;

    @Option(names = "--method", description = "lfm (OU blocks + free block) or fm (global flow matching) (default: ${DEFAULT-VALUE})")
    @SpecField("flow.method")
    String method;

    @Option(names = "--blocks", defaultValue = "" + FlowSpec.DEFAULT_BLOCKS, description = "L, the number of OU blocks before the free block (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--gamma0", defaultValue = "" + FlowSpec.DEFAULT_GAMMA0, description = "c, the first OU step length: γₙ = c·ρ^(n−1) (default: ${DEFAULT-VALUE})")
    double gamma0;

    @Option(names = "--rho", defaultValue = "" + FlowSpec.DEFAULT_RHO, description = "ρ, the growth of γ from block to block (default: ${DEFAULT-VALUE})")
    double rho;

    @Option(names = "--gammas", description = "explicit OU step lengths, e.g. 0.15,0.2,0.26 (overrides --blocks/--gamma0/--rho)")
    String gammas;

    @Option(names = "--interpolant", description = "trig or ot (default: ${DEFAULT-VALUE})")
    @SpecField("flow.interpolant")
    String interpolant;

    @Option(names = "--time-sampling", description = "uniform or beta:a,b (default: ${DEFAULT-VALUE})")
    @SpecField("flow.timeSampling")
    String timeSampling;

    @Option(names = "--hidden", description = "width of each hidden layer (default: ${DEFAULT-VALUE})")
    @SpecField("model.width")
    int hidden;

    @Option(names = "--depth", description = "number of hidden layers (default: ${DEFAULT-VALUE})")
    @SpecField("model.depth")
    int depth;

    @Option(names = "--activation", description = "softplus[:β], relu, silu, elu[:α], tanh (default: ${DEFAULT-VALUE})")
    @SpecField("model.activation")
    String activation;

    @Option(names = "--time-embedding", description = "sinusoidal time frequencies K, 0 = raw t as one input (default: ${DEFAULT-VALUE})")
    @SpecField("model.timeFrequencies")
    int timeFrequencies;

    @Option(names = "--steps", description = "optimiser steps per block (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.stepsPerBlock")
    int steps;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.batch")
    int batch;

    @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.learningRate")
    double learningRate;

    @Option(names = "--lr-decay", description = "step-decay factor (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.decayFactor")
    double decayFactor;

    @Option(names = "--lr-decay-every", description = "steps between decays (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.decayEvery")
    long decayEvery;

    @Option(names = "--warmup", description = "linear learning-rate warm-up steps (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.warmupSteps")
    long warmup;

    @Option(names = "--optimizer", description = "adam or adamw (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.optimizer")
    String optimizer;

    @Option(names = "--weight-decay", description = "weight decay (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.weightDecay")
    double weightDecay;

    @Option(names = "--clip", description = "max global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.gradientClip")
    double clip;

    @Option(names = "--ema", description = "EMA decay of the weights saved per block, 0 = off (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.emaDecay")
    double ema;

    @Option(names = "--pool", description = "training points (built-in sets draw this many; files use at most this many, 0 = all) (default: ${DEFAULT-VALUE})")
    @SpecField("data.poolSize")
    int pool;

    @Option(names = "--no-warm-start", description = "start every block from fresh weights")
    @SpecField(value = "flow.warmStart", negated = true)
    boolean noWarmStart;

    @Option(names = "--push-solver", description = "solver for pushing the pool after each block (default: ${DEFAULT-VALUE})")
    @SpecField("run.pushSolver")
    String pushSolver;

    @Option(names = "--sample-solver", description = "default solver of sample/eval (default: ${DEFAULT-VALUE})")
    @SpecField("run.sampleSolver")
    String sampleSolver;

    @Option(names = "--chunk", description = "rows per chunk in pushes (default: ${DEFAULT-VALUE})")
    @SpecField("run.chunkRows")
    int chunk;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    @SpecField("run.checkpointEvery")
    int checkpointEvery;

    @Option(names = "--log-every", description = "steps between loss reports (default: ${DEFAULT-VALUE})")
    @SpecField("run.logEvery")
    int logEvery;

    @Option(names = "--seed", description = "seed of every random draw (default: ${DEFAULT-VALUE})")
    @SpecField("run.seed")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<data>-<method>-<time>)")
    @SpecField("run.out")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint (its config.json wins, "
            + "but for how it is carried out: --backend, --threads, --distributed, --shards, --check-every)")
    boolean resume;

    @Option(names = "--no-plots", description = "skip samples.png, blocks.png and loss.png")
    @SpecField(value = "run.plots", negated = true)
    boolean noPlots;

    @Option(names = "--no-tensorboard", description = "write no TensorBoard log (tb/ in the run folder; train.json is always written)")
    @SpecField(value = "run.tensorboard", negated = true)
    boolean noTensorboard;

    @Option(names = "--shards", description = "split each batch into P shards computed one after the other, gradients "
            + "summed in order: what P ranks of --distributed compute, bit for bit (default: ${DEFAULT-VALUE})")
    @SpecField("run.shards")
    int shards;

    @Option(names = "--check-every", description = "under --distributed: steps between checks that every rank holds "
            + "the same weights, 0 = never (default: ${DEFAULT-VALUE})")
    @SpecField("run.checkEvery")
    int checkEvery;

    private String givenData;   // --data as given (after the preset), for the notice of an old name

    @Override
    public Integer call() throws Exception {
        TrainSpec requested = flagSpec();   // every flag checked before any rank joins
        return distributedOptions.run(() -> train(requested, givenData));
    }

    /** This rank's part of the run: the API trains; only rank 0 prints (the others' output is silenced). */
    private Integer train(TrainSpec requested, String givenData) throws Exception {
        Training training;
        if (resume) {
            training = Training.resume(out).launchedAs(requested.run());
            RunConfig config = training.config();
            System.err.println("resuming " + out + " (" + config.spec().flow().method() + " on "
                    + config.spec().data().source() + ")");
        } else {
            Datasets.renameNotice(givenData).ifPresent(System.err::println);
            training = SpecOptions.usageErrors(spec, () -> Training.plan(requested));
        }
        ProgressReporter progress = new ProgressReporter(System.err);
        try (Model model = training.run(backendOptions::open, distributedOptions.job(), progress)) {
            System.out.println("run written to " + model.folder());
            System.out.println(new ObjectMapper().writeValueAsString(summaryJson(model)));
        }
        return 0;
    }

    /**
     * The spec the flags ask for, as {@link #flagSpec} makes it, with a notice on stderr when --data
     * names a data set by an old name (what {@code lfm sweep} trains its runs from).
     */
    TrainSpec requestedSpec() throws IOException {
        TrainSpec requested = flagSpec();
        Datasets.renameNotice(givenData).ifPresent(System.err::println);
        return requested;
    }

    /**
     * The spec of the flags: the preset filled in, the data named by its current name with the image fit
     * applied (a new run only), then {@link #trainSpec}; a bad value is a usage error of this command.
     */
    private TrainSpec flagSpec() throws IOException {
        SpecOptions.usageErrors(spec, () -> {
            applyPreset();
            return null;
        });
        if (resume && out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume needs --out DIR (the run to continue)");
        }
        givenData = data;
        if (!resume) {
            String given = data;
            data = SpecOptions.usageErrors(spec, () -> imageFit == null ? Datasets.currentName(given)
                    : Datasets.withImageFit(given, ImageFit.parse(imageFit)));
        }
        return SpecOptions.usageErrors(spec, this::trainSpec);
    }

    /** The spec of the flags: every {@link SpecField} option, the γ list from --gammas or --blocks/--gamma0/--rho. */
    TrainSpec trainSpec() {
        List<Double> schedule = "fm".equals(method) ? List.of() : lfmSchedule();
        return SpecOptions.bind(this, TrainSpec.defaults(), TrainSpec.class, tree -> {
            ((ObjectNode) tree.get("flow")).set("gammas", RunConfigFile.toTree(schedule));
            ((ObjectNode) tree.get("run")).put("backend", backendOptions.backend).put("threads", backendOptions.threads);
        });
    }

    /** The OU step lengths of an LFM run: --gammas, else the geometric schedule of --blocks/--gamma0/--rho. */
    List<Double> lfmSchedule() {
        return gammas != null ? Schedule.parse(gammas).gammas() : Schedule.geometric(blocks, gamma0, rho).gammas();
    }

    /** Fills in the preset's values for every flag not given on the command line. */
    void applyPreset() {
        if (preset == null) {
            return;
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, String> entry : Presets.get(preset).entrySet()) {
            if (!parsed.hasMatchedOption(entry.getKey())) {
                spec.findOption(entry.getKey()).setValue(convert(entry.getKey(), entry.getValue()));
            }
        }
    }

    private Object convert(String option, String value) {
        Class<?> type = spec.findOption(option).type();
        if (type == int.class) {
            return Integer.parseInt(value);
        } else if (type == long.class) {
            return Long.parseLong(value);
        } else if (type == double.class) {
            return Double.parseDouble(value);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    private static Map<String, Object> summaryJson(Model model) {
        RunConfig config = model.config();
        TrainingSummary summary = model.trainingSummary().orElseThrow();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", model.folder().toString());
        json.put("method", config.spec().flow().method());
        json.put("data", config.spec().data().source());
        json.put("blocks", config.spec().flow().schedule().blockCount());
        json.put("steps_per_block", config.spec().optimization().stepsPerBlock());
        json.put("seconds", Math.round(summary.totalSeconds() * 10) / 10.0);
        json.put("final_loss", summary.finalLoss());
        return json;
    }
}
