package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.Standardization;
import lfm.data.toy.ImageFit;
import lfm.flow.Schedule;
import lfm.run.RunFolder;
import lfm.run.TrainConfig;
import lfm.train.Trainer;
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
 * settings that finish in about two minutes on two cores.
 */
@Command(name = "train", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = "Train a Local Flow Matching model and write a run folder (runs/<name>/).")
final class TrainCommand implements Callable<Integer> {
    static final String DEFAULT_DATA = "8gaussians";

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--data", defaultValue = DEFAULT_DATA, description = "built-in 2D set (8gaussians, checkerboard, ...; "
            + "rose-curve and branching-tree are procedural shapes, not the paper's rose and tree images), file.png, "
            + "file.csv, file.npy, or a benchmark spec such as power:DIR (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--image-fit", description = "for image data: keep (aspect ratio kept, mass 1 − grey/255; the "
            + "default) or stretch (both axes to [−4, 4], mass max − grey: the authors' fit)")
    String imageFit;

    @Option(names = "--preset", description = "authors' settings: 2d, power, gas, miniboone, bsds300 (flags given here win)")
    String preset;

    @Option(names = "--method", defaultValue = "lfm", description = "lfm (OU blocks + free block) or fm (global flow matching) (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--blocks", defaultValue = "4", description = "L, the number of OU blocks before the free block (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--gamma0", defaultValue = "0.1", description = "c, the first OU step length: γₙ = c·ρ^(n−1) (default: ${DEFAULT-VALUE})")
    double gamma0;

    @Option(names = "--rho", defaultValue = "1.5", description = "ρ, the growth of γ from block to block (default: ${DEFAULT-VALUE})")
    double rho;

    @Option(names = "--gammas", description = "explicit OU step lengths, e.g. 0.15,0.2,0.26 (overrides --blocks/--gamma0/--rho)")
    String gammas;

    @Option(names = "--interpolant", defaultValue = "trig", description = "trig or ot (default: ${DEFAULT-VALUE})")
    String interpolant;

    @Option(names = "--time-sampling", defaultValue = "uniform", description = "uniform or beta:a,b (default: ${DEFAULT-VALUE})")
    String timeSampling;

    @Option(names = "--hidden", defaultValue = "128", description = "width of each hidden layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--depth", defaultValue = "3", description = "number of hidden layers (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--activation", defaultValue = "softplus:20", description = "softplus[:β], relu, silu, elu[:α], tanh (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--time-embedding", defaultValue = "0", description = "sinusoidal time frequencies K, 0 = raw t as one input (default: ${DEFAULT-VALUE})")
    int timeFrequencies;

    @Option(names = "--steps", defaultValue = "3000", description = "optimiser steps per block (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "1024", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0.8", description = "step-decay factor (default: ${DEFAULT-VALUE})")
    double decayFactor;

    @Option(names = "--lr-decay-every", defaultValue = "1000", description = "steps between decays (default: ${DEFAULT-VALUE})")
    long decayEvery;

    @Option(names = "--warmup", defaultValue = "0", description = "linear learning-rate warm-up steps (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or adamw (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--weight-decay", defaultValue = "0", description = "weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "0", description = "max global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights saved per block, 0 = off (default: ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--pool", defaultValue = "50000", description = "training points (built-in sets draw this many; files use at most this many, 0 = all) (default: ${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--no-warm-start", description = "start every block from fresh weights")
    boolean noWarmStart;

    @Option(names = "--push-solver", defaultValue = "rk4:8", description = "solver for pushing the pool after each block (default: ${DEFAULT-VALUE})")
    String pushSolver;

    @Option(names = "--sample-solver", defaultValue = "dopri5:1e-5,1e-5", description = "default solver of sample/eval (default: ${DEFAULT-VALUE})")
    String sampleSolver;

    @Option(names = "--chunk", defaultValue = "20000", description = "rows per chunk in pushes (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "50", description = "steps between loss reports (default: ${DEFAULT-VALUE})")
    int logEvery;

    @Option(names = "--seed", defaultValue = "0", description = "seed of every random draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<data>-<method>-<time>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint (its config.json wins)")
    boolean resume;

    @Option(names = "--no-plots", description = "skip samples.png, blocks.png and loss.png")
    boolean noPlots;

    @Option(names = "--no-tensorboard", description = "write no TensorBoard log (tb/ in the run folder)")
    boolean noTensorboard;

    @Override
    public Integer call() throws Exception {
        badValuesAreUsageErrors(() -> {
            applyPreset();
            return null;
        });
        RunFolder folder;
        TrainConfig config;
        Dataset dataset;
        if (resume) {
            if (out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume needs --out DIR (the run to continue)");
            }
            folder = new RunFolder(out);
            config = folder.readConfig();
            dataset = Datasets.open(config.data());
            System.err.println("resuming " + out + " (" + config.method() + " on " + config.data() + ")");
        } else {
            Datasets.renameNotice(data).ifPresent(System.err::println);
            data = badValuesAreUsageErrors(() -> imageFit == null ? Datasets.currentName(data)
                    : Datasets.withImageFit(data, ImageFit.parse(imageFit)));
            dataset = badValuesAreUsageErrors(() -> open(data));
            Dataset opened = dataset;
            config = badValuesAreUsageErrors(() -> buildConfig(opened.dimension(), poolSize(opened)));
            folder = new RunFolder(out != null ? out : defaultRunFolder(config));
            if (Files.exists(folder.config())) {
                throw new IllegalArgumentException(folder.root() + " already holds a run; use --resume to continue it or pick another --out");
            }
        }
        DataMatrix training = dataset.train(config.poolSize(), config.seed());
        if (!resume && dataset.standardize()) {
            Standardization standardization = Standardization.fit(training);
            config = config.withStandardization(standardization.mean(), standardization.std());
        }
        if (config.standardized()) {
            training = new Standardization(config.standardMean(), config.standardStd()).apply(training);
        }
        try (Backend backend = backendOptions.open();
             TrainingOutputs outputs = TrainingOutputs.open(folder, config, backend, resume, !noTensorboard)) {
            System.err.printf("training %s on %s: %d blocks (%s), %d×%d %s, %d steps per block, batch %d%n",
                    config.method(), config.data(), config.schedule().blockCount(), describe(config.schedule()),
                    config.depth(), config.width(), config.activation(), config.stepsPerBlock(), config.batch());
            Trainer trainer = new Trainer(backend, config, folder, outputs.listener(new ProgressReporter(System.err)));
            TrainingSummary summary;
            try {
                summary = trainer.train(training, resume);
            } catch (Exception | Error failure) {
                outputs.failed(failure);
                throw failure;
            }
            outputs.finished(summary.totalSeconds());
            if (!noPlots) {
                long plotStart = System.nanoTime();
                RunPlots.write(folder, backend, dataset.test(RunPlots.SAMPLE_POINTS, config.seed()),
                        summary.snapshots(), config.seed());
                outputs.figures(folder);
                System.err.printf("plots: samples.png, blocks.png, loss.png (%.1f s)%n",
                        (System.nanoTime() - plotStart) / 1e9);
            }
            System.out.println("run written to " + folder.root());
            System.out.println(new ObjectMapper().writeValueAsString(summaryJson(folder, config, summary)));
        }
        return 0;
    }

    /** A flag value the config rejects is a usage error (exit 2), like an unparsable one. */
    private <T> T badValuesAreUsageErrors(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException badValue) {
            throw new CommandLine.ParameterException(spec.commandLine(), badValue.getMessage(), badValue);
        }
    }

    /** Opens the --data value; an unknown name is a usage error, an unreadable file a run-time one. */
    private static Dataset open(String spec) {
        try {
            return Datasets.open(spec);
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    /** --pool, with 0 meaning every training row of a file (the count is stored, so a resume reads the same rows). */
    private int poolSize(Dataset dataset) {
        if (pool != 0) {
            return pool;
        }
        if (dataset.trainSize() < 0) {
            throw new IllegalArgumentException("--pool 0 (all rows) needs a file data set; " + dataset.name()
                    + " is an unlimited sampler");
        }
        return dataset.trainSize();
    }

    private TrainConfig buildConfig(int dimension, int poolSize) {
        List<Double> schedule = method.equals("fm") ? List.of()
                : gammas != null ? Schedule.parse(gammas).gammas() : Schedule.geometric(blocks, gamma0, rho).gammas();
        return new TrainConfig(method, data, dimension, hidden, depth, activation, timeFrequencies, schedule, interpolant,
                timeSampling, steps, batch, learningRate, decayFactor, decayEvery, warmup, optimizer, weightDecay, clip, ema,
                poolSize, !noWarmStart, pushSolver, sampleSolver, chunk, checkpointEvery, logEvery, seed, null, null);
    }

    /** Fills in the preset's values for every flag not given on the command line. */
    private void applyPreset() {
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

    private static Path defaultRunFolder(TrainConfig config) {
        String name = Path.of(config.data()).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", name + "-" + config.method() + "-" + time);
    }

    private static String describe(Schedule schedule) {
        return schedule.gammas().isEmpty() ? "free block only" : "γ " + schedule.gammas().stream()
                .map(g -> String.format("%.3g", g)).toList() + " + free";
    }

    private static Map<String, Object> summaryJson(RunFolder folder, TrainConfig config, TrainingSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", folder.root().toString());
        json.put("method", config.method());
        json.put("data", config.data());
        json.put("blocks", config.schedule().blockCount());
        json.put("steps_per_block", config.stepsPerBlock());
        json.put("seconds", Math.round(summary.totalSeconds() * 10) / 10.0);
        json.put("final_loss", summary.finalLoss());
        return json;
    }
}
