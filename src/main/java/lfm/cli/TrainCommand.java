package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import lfm.api.Model;
import lfm.api.Training;
import lfm.config.ModelSpec;
import lfm.config.Preset;
import lfm.config.Presets;
import lfm.config.RunConfig;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import lfm.config.UNetSpec;
import lfm.data.Datasets;
import lfm.data.toy.ImageFit;
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
 * {@link Training} runs. The options come in one mixin per record they build ({@link DataOptions},
 * {@link ConditionOptions}, {@link FlowOptions}, {@link ModelOptions}, {@link OptimizationOptions},
 * {@link RunOptions}); the command holds those that steer it (--preset, --show, --resume).
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

    @Mixin
    DataOptions dataOptions;

    @Mixin
    ConditionOptions conditionOptions;

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

    @Mixin
    FlowOptions flowOptions;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    OptimizationOptions optimizationOptions;

    @Mixin
    RunOptions runOptions;

    @Option(
            names = "--resume",
            description = "continue the run in --out from its last checkpoint (its config.json wins, "
                    + "but for how it is carried out: --backend, --threads, --distributed, --shards, --check-every; and --lr, "
                    + "a new base learning rate from the checkpoint on, recorded in config.json; other flags are ignored with "
                    + "a warning)")
    boolean resume;

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
            training = Training.resume(runOptions.out).launchedAs(requested.run());
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            if (parsed.hasMatchedOption("--lr")) {
                training = training.atLearningRate(requested.optimization().learningRate());
            }
            RunConfig config = training.config();
            System.err.println(
                    "resuming " + runOptions.out + " (" + config.spec().flow().method() + " on "
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
        if (resume && runOptions.out == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--resume needs --out DIR (the run to continue)");
        }
        givenData = dataOptions.data;
        return SpecOptions.usageErrors(spec, () -> resume ? trainSpec(chosen) : resolvedSpec(chosen));
    }

    /** The spec of this command line: the preset's (or the defaults), then every flag given, data resolved. */
    private TrainSpec resolvedSpec(Preset chosen) {
        String given = dataOptions.data;
        dataOptions.data = dataOptions.imageFit != null
                ? Datasets.withImageFit(given, ImageFit.parse(dataOptions.imageFit))
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
        List<Double> schedule = "fm".equals(flowOptions.method)
                ? List.of()
                : !newGammas ? base.flow().gammas() : lfmSchedule();
        ModelSpec unet = modelOptions.unetModel(given.test("--model"), base.model(), parsed, preset);
        return SpecOptions.bind(this, base, TrainSpec.class, given, tree -> {
            ((ObjectNode) tree.get("flow")).set("gammas", RunConfigFile.toTree(schedule));
            if (unet != null) {
                tree.set("model", RunConfigFile.toTree(unet));
                if (chosen == null && parsed != null && !parsed.hasMatchedOption("--chunk")) {
                    // the tabular default chunk of 20,000 rows would hold tens of GB of UNet activations
                    ((ObjectNode) tree.get("run")).put("chunkRows", UNetSpec.PUSH_CHUNK_ROWS);
                }
            }
            ((ObjectNode) tree.get("run"))
                    .put("backend", backendOptions.backend)
                    .put("threads", backendOptions.threads);
        });
    }

    /** The OU step lengths of an LFM run: --gammas, else the geometric schedule of --blocks/--gamma0/--rho. */
    List<Double> lfmSchedule() {
        return flowOptions.lfmSchedule();
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
