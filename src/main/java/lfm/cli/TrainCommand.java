package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import lfm.api.Model;
import lfm.api.Training;
import lfm.config.FlowSpec;
import lfm.config.ModelSpec;
import lfm.config.Preset;
import lfm.config.Presets;
import lfm.config.RunConfig;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import lfm.config.UNetSpec;
import lfm.data.Datasets;
import lfm.data.toy.ImageFit;
import lfm.flow.Schedule;
import lfm.nn.UNetConfig;
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
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        defaultValueProvider = SpecOptions.Train.class,
        description = "Train a Local Flow Matching model and write a run folder (runs/<name>/).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DistributedOptions distributedOptions;

    @Option(
            names = "--data",
            description = "built-in 2D set (8gaussians, checkerboard, ...; "
                    + "rose-curve and branching-tree are procedural shapes, not the paper's rose and tree images), file.png, "
                    + "file.csv, file.npy, or a benchmark spec such as power:DIR (default: ${DEFAULT-VALUE})")
    @SpecField("data.source")
    String data;

    @Option(
            names = "--condition-columns",
            description = "columns of --data that are the condition c of a "
                    + "conditional model: 0-based indices, Python slices or header names, e.g. 2: or label")
    @SpecField("condition.columns")
    String conditionColumns;

    @Option(names = "--condition", description = "a table of conditions, row i for row i of --data (.csv/.npy)")
    @SpecField("condition.file")
    String conditionFile;

    @Option(
            names = "--condition-classes",
            description = "K > 0: the condition is a class label 0..K−1, fed one-hot (default: ${DEFAULT-VALUE})")
    @SpecField("condition.classes")
    int conditionClasses;

    @Option(
            names = "--condition-embedding",
            description = "E > 0: c passes through its own E-unit encoder first (default: ${DEFAULT-VALUE})")
    @SpecField("condition.embedding")
    int conditionEmbedding;

    @Option(
            names = "--condition-dropout",
            description = "share p of each batch trained on the learned null "
                    + "condition, for classifier-free guidance (default: ${DEFAULT-VALUE})")
    @SpecField("condition.dropout")
    double conditionDropout;

    @Option(
            names = "--condition-standardize",
            description = "auto (on for values, off for class labels), on or off (default: ${DEFAULT-VALUE})")
    @SpecField("condition.standardize")
    String conditionStandardize;

    @Option(
            names = "--image-fit",
            description = "for image data: keep (aspect ratio kept, mass 1 − grey/255; the "
                    + "default) or stretch (both axes to [−4, 4], mass max − grey: the authors' fit)")
    String imageFit;

    @Option(
            names = "--preset",
            description = "the authors' settings: 2d, power, gas, miniboone, bsds300; for images "
                    + "digits-t8, fmnist-xs, fmnist-s, fmnist-m, cifar-paper (a UNet and the image procedure) (flags given "
                    + "here win; lfm presets NAME lists every value)")
    String preset;

    @Option(
            names = "--show",
            description = "print every flag as this command line resolves it (preset, flags, "
                    + "defaults) and exit without training")
    boolean show;

    @Option(
            names = "--model",
            defaultValue = "mlp",
            description = "mlp (--hidden, --depth, ...) or unet:PRESET for "
                    + "images (digits-t8, fmnist-xs, fmnist-s, fmnist-m, cifar-paper) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--hflip",
            description =
                    "image data: mirror each image of the first block's batches left-right " + "with probability 1/2")
    @SpecField("data.horizontalFlip")
    boolean hflip;

    @Option(
            names = "--method",
            description = "lfm (OU blocks + free block) or fm (global flow matching) (default: ${DEFAULT-VALUE})")
    @SpecField("flow.method")
    String method;

    @Option(
            names = "--blocks",
            defaultValue = "" + FlowSpec.DEFAULT_BLOCKS,
            description = "L, the number of OU blocks before the free block (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(
            names = "--gamma0",
            defaultValue = "" + FlowSpec.DEFAULT_GAMMA0,
            description = "c, the first OU step length: γₙ = c·ρ^(n−1) (default: ${DEFAULT-VALUE})")
    double gamma0;

    @Option(
            names = "--rho",
            defaultValue = "" + FlowSpec.DEFAULT_RHO,
            description = "ρ, the growth of γ from block to block (default: ${DEFAULT-VALUE})")
    double rho;

    @Option(
            names = "--gammas",
            description = "explicit OU step lengths, e.g. 0.15,0.2,0.26 (overrides --blocks/--gamma0/--rho)")
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

    @Option(
            names = "--time-embedding",
            description = "sinusoidal time frequencies K, 0 = raw t as one input (default: ${DEFAULT-VALUE})")
    @SpecField("model.timeFrequencies")
    int timeFrequencies;

    @Option(names = "--steps", description = "optimiser steps per block (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.stepsPerBlock")
    int steps;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.batch")
    int batch;

    @Option(
            names = "--times-per-pair",
            description = "K independent t per (x_l, x_r) pair, loss averaged over the K "
                    + "draws (the authors' num_tk) (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.timesPerPair")
    int timesPerPair;

    @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.learningRate")
    double learningRate;

    @Option(names = "--lr-decay", description = "step-decay factor (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.decayFactor")
    double decayFactor;

    @Option(names = "--lr-decay-every", description = "steps between decays (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.decayEvery")
    long decayEvery;

    @Option(
            names = "--lr-decay-every-fraction",
            description = "steps between decays as a fraction F of --steps "
                    + "(round(F·steps); overrides --lr-decay-every when > 0): flows of different lengths, e.g. LFM blocks and "
                    + "global FM, then share one schedule shape (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.decayEveryFraction")
    double decayEveryFraction;

    @Option(names = "--warmup", description = "linear learning-rate warm-up steps (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.warmupSteps")
    long warmup;

    @Option(names = "--optimizer", description = "adam or adamw (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.optimizer")
    String optimizer;

    @Option(names = "--weight-decay", description = "weight decay (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.weightDecay")
    double weightDecay;

    @Option(names = "--adam-beta2", description = "Adam's β₂, the squared-gradient decay (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.adamBeta2")
    double adamBeta2;

    @Option(names = "--clip", description = "max global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.gradientClip")
    double clip;

    @Option(
            names = "--ema",
            description = "EMA decay of the weights saved per block, 0 = off (default: ${DEFAULT-VALUE})")
    @SpecField("optimization.emaDecay")
    double ema;

    @Option(
            names = "--pool",
            description =
                    "training points (built-in sets draw this many; files use at most this many, 0 = all) (default: ${DEFAULT-VALUE})")
    @SpecField("data.poolSize")
    int pool;

    @Option(names = "--no-warm-start", description = "start every block from fresh weights")
    @SpecField(value = "flow.warmStart", negated = true)
    boolean noWarmStart;

    @Option(
            names = "--push-solver",
            description = "solver for pushing the pool after each block (default: ${DEFAULT-VALUE})")
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

    @Option(
            names = "--resume",
            description = "continue the run in --out from its last checkpoint (its config.json wins, "
                    + "but for how it is carried out: --backend, --threads, --distributed, --shards, --check-every; and --lr, "
                    + "a new base learning rate from the checkpoint on, recorded in config.json; other flags are ignored with "
                    + "a warning)")
    boolean resume;

    @Option(names = "--no-plots", description = "skip samples.png, blocks.png and loss.png")
    @SpecField(value = "run.plots", negated = true)
    boolean noPlots;

    @Option(
            names = "--no-tensorboard",
            description = "write no TensorBoard log (tb/ in the run folder; train.json is always written)")
    @SpecField(value = "run.tensorboard", negated = true)
    boolean noTensorboard;

    @Option(
            names = "--shards",
            description = "split each batch into P shards computed one after the other, gradients "
                    + "summed in order: what P ranks of --distributed compute, bit for bit (default: ${DEFAULT-VALUE})")
    @SpecField("run.shards")
    int shards;

    @Option(
            names = "--check-every",
            description = "under --distributed: steps between checks that every rank holds "
                    + "the same weights, 0 = never (default: ${DEFAULT-VALUE})")
    @SpecField("run.checkEvery")
    int checkEvery;

    /** The flags a resume takes: how to run (backend, ranks, shards) and a new learning rate; config.json has the rest. */
    private static final List<String> RESUME_FLAGS = List.of(
            "--out",
            "--resume",
            "--lr",
            "--backend",
            "--threads",
            "--debug",
            "--distributed",
            "--shards",
            "--check-every");

    private String givenData; // --data as given, for the notice of an old name

    @Override
    public Integer call() throws Exception {
        Preset chosen = chosenPreset();
        if (show) {
            TrainSpec resolved = SpecOptions.usageErrors(spec, () -> resolvedSpec(chosen));
            System.out.print(ResolvedFlags.describe(spec, resolved, chosen));
            return 0;
        }
        TrainSpec requested = flagSpec(chosen); // every flag checked before any rank joins
        return distributedOptions.run(() -> train(requested, givenData));
    }

    /** This rank's part of the run: the API trains; only rank 0 prints (the others' output is silenced). */
    private Integer train(TrainSpec requested, String givenData) throws Exception {
        Training training;
        if (resume) {
            training = Training.resume(out).launchedAs(requested.run());
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            if (parsed.hasMatchedOption("--lr")) {
                training = training.atLearningRate(requested.optimization().learningRate());
            }
            RunConfig config = training.config();
            System.err.println("resuming " + out + " (" + config.spec().flow().method() + " on "
                    + config.spec().data().source() + ")");
            List<String> ignored = parsed.matchedOptions().stream()
                    .map(option -> option.longestName())
                    .filter(name -> !RESUME_FLAGS.contains(name))
                    .distinct()
                    .toList();
            if (!ignored.isEmpty()) {
                System.err.println("warning: --resume continues with the run's config.json and ignores "
                        + String.join(", ", ignored) + " (it takes only " + String.join(", ", RESUME_FLAGS) + ")");
            }
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
        TrainSpec requested = flagSpec(chosenPreset());
        Datasets.renameNotice(givenData).ifPresent(System.err::println);
        return requested;
    }

    private Preset chosenPreset() throws IOException {
        return preset == null ? null : SpecOptions.usageErrors(spec, () -> Presets.named(preset));
    }

    /**
     * The spec of the flags over the preset's (or the defaults), the data named by its current name with
     * the image fit applied (a new run only: a resume keeps its run's data, config.json wins); a bad value
     * is a usage error of this command.
     */
    private TrainSpec flagSpec(Preset chosen) throws IOException {
        if (resume && out == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--resume needs --out DIR (the run to continue)");
        }
        givenData = data;
        return SpecOptions.usageErrors(spec, () -> resume ? trainSpec(chosen) : resolvedSpec(chosen));
    }

    /** The spec of this command line: the preset's (or the defaults), then every flag given, data resolved. */
    private TrainSpec resolvedSpec(Preset chosen) {
        String given = data;
        data = imageFit != null
                ? Datasets.withImageFit(given, ImageFit.parse(imageFit))
                : chosen != null ? chosen.source(Datasets.currentName(given)) : Datasets.currentName(given);
        return trainSpec(chosen);
    }

    /** The spec of the flags without a preset. */
    TrainSpec trainSpec() {
        return trainSpec(null);
    }

    /**
     * The spec of the flags: every {@link SpecField} option, the γ list from --gammas or
     * --blocks/--gamma0/--rho. With a preset the spec starts from the preset's and only the flags given on
     * the command line change it (the γ list too, when one of its flags is given).
     */
    TrainSpec trainSpec(Preset chosen) {
        CommandLine.ParseResult parsed =
                spec == null ? null : spec.commandLine().getParseResult();
        Predicate<String> given = option -> chosen == null || parsed.hasMatchedOption(option);
        boolean newGammas =
                Stream.of("--gammas", "--blocks", "--gamma0", "--rho").anyMatch(given);
        TrainSpec base = chosen == null ? TrainSpec.defaults() : chosen.spec();
        List<Double> schedule =
                "fm".equals(method) ? List.of() : !newGammas ? base.flow().gammas() : lfmSchedule();
        ModelSpec unet = unetModel(given.test("--model"), base.model());
        return SpecOptions.bind(this, base, TrainSpec.class, given, tree -> {
            ((ObjectNode) tree.get("flow")).set("gammas", RunConfigFile.toTree(schedule));
            if (unet != null) {
                tree.set("model", RunConfigFile.toTree(unet));
            }
            ((ObjectNode) tree.get("run"))
                    .put("backend", backendOptions.backend)
                    .put("threads", backendOptions.threads);
        });
    }

    /**
     * The UNet of {@code --model unet:PRESET}, or null to keep the base spec's model (--model not given
     * over a preset, or mlp); MLP flags beside a UNet (given or the preset's) are an error.
     */
    private ModelSpec unetModel(boolean modelGiven, ModelSpec base) {
        boolean unetChosen = modelGiven ? !model.equals("mlp") : base instanceof UNetSpec;
        if (modelGiven && unetChosen && !model.startsWith("unet:")) {
            throw new IllegalArgumentException("--model must be mlp or unet:PRESET ("
                    + String.join(", ", UNetConfig.presetNames()) + "), got '" + model + "'");
        }
        if (unetChosen && spec != null) {
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            for (String mlpFlag : List.of("--hidden", "--depth", "--activation", "--time-embedding")) {
                if (parsed.hasMatchedOption(mlpFlag)) {
                    throw new IllegalArgumentException(mlpFlag + " applies to --model mlp, not "
                            + (modelGiven ? model : "preset " + preset + "'s UNet"));
                }
            }
        }
        return modelGiven && unetChosen ? UNetSpec.preset(model.substring("unet:".length())) : null;
    }

    /** The OU step lengths of an LFM run: --gammas, else the geometric schedule of --blocks/--gamma0/--rho. */
    List<Double> lfmSchedule() {
        return gammas != null
                ? Schedule.parse(gammas).gammas()
                : Schedule.geometric(blocks, gamma0, rho).gammas();
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
        if (config.conditional()) {
            json.put("condition_dimension", config.condition().dimension());
        }
        return json;
    }
}
