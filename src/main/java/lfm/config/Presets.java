package lfm.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import lfm.data.toy.ImageFit;

/**
 * The authors' settings (hamrel-cxu/LocalFlowMatching: {@code config/2d_LFM_{rose,tree}.yaml},
 * {@code config/tabular_LFM_{power,gas,miniboone,bsds300}.yaml}, and what {@code main_2d.py} and
 * {@code main_tabular.py} fix in code) as training specs. Every value the configuration sets is set:
 * <ul>
 * <li>from the YAML: γ list (hks), hidden width and layers, t draws per pair (num_tk), batch, steps per
 *     block (max_batch), warm start, lr, its decay factor and interval (lr_decay, lr_step; a new scheduler
 *     per block), t ~ Beta(alpha, beta) where the YAML has {@code beta_sample_t} (Beta(1, 1) is kept as
 *     written), the 2D training pool (ntr = 2,000,000);</li>
 * <li>from the code: the activation (Softplus(β = 20) in 2D, ReLU in tabular, ELU for BSDS300), the trig
 *     interpolant, t entering as one raw input, pushes and samples by dopri5 at rtol = atol = 1e-5, every
 *     training row of a tabular set (pool 0), and for 2D the image fitted by stretching both axes to
 *     [−4, 4] (mass max − grey).</li>
 * </ul>
 * Not taken over: the authors' seed (a PyTorch generator: draws differ whatever the number) and their
 * visualisation settings. Their tabular "test NLL" is computed on MAF's validation split: compare with
 * {@code lfm eval --split validation --nll --n 0} (docs/data.md).
 */
public final class Presets {
    /** Every preset name, for messages and --help. */
    public static final String NAMES =
            "2d, power, gas, miniboone, bsds300, digits-t8, fmnist-xs, fmnist-s, fmnist-m " + "or cifar-paper";

    private static final String DOPRI5 = "dopri5:1e-5,1e-5";

    private Presets() {}

    /** Every preset, in the order {@code lfm presets} lists them: the authors' configurations, then the images'. */
    public static List<Preset> all() {
        return Stream.concat(authors().stream(), ImagePresets.all().stream()).toList();
    }

    /** The authors' 2D and tabular configurations, each its YAML value by value. */
    public static List<Preset> authors() {
        return List.of(twoDimensional(), power(), gas(), miniboone(), bsds300());
    }

    /** The preset called {@code name} (case-insensitive; "rose" and "tree" name the 2D preset). */
    public static Preset named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        String canonical = wanted.equals("rose") || wanted.equals("tree") ? "2d" : wanted;
        for (Preset preset : all()) {
            if (preset.name().equals(canonical)) {
                return preset;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (expected " + NAMES + ")");
    }

    /** 2d_LFM_rose.yaml and 2d_LFM_tree.yaml (identical but for the image). */
    private static Preset twoDimensional() {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(new MlpSpec(256, 3, "softplus:20", 0))
                .withFlow(new FlowSpec(
                        "lfm",
                        List.of(0.025, 0.031, 0.039, 0.049, 0.061, 0.076, 0.095, 0.119),
                        "trig",
                        "uniform",
                        true))
                .withOptimization(optimization(50_000, 10_000, 1, 2e-4, 0.99, 1000))
                .withData(data -> data.withPoolSize(2_000_000))
                .withRun(run -> run.withPushSolver(DOPRI5).withSampleSolver(DOPRI5));
        return new Preset(
                "2d",
                "the authors' 2D rose and tree runs: give the image as --data PATH.png (fitted by "
                        + "stretching, as theirs), or a built-in set",
                spec,
                ImageFit.STRETCH);
    }

    /** tabular_LFM_power.yaml. */
    private static Preset power() {
        return tabular(
                "power",
                "POWER (D = 6)",
                new MlpSpec(256, 4, "relu", 0),
                List.of(0.15, 0.2, 0.26),
                "beta:1,1",
                true,
                optimization(100_000, 30_000, 1, 5e-3, 0.99, 1000));
    }

    /** tabular_LFM_gas.yaml. */
    private static Preset gas() {
        return tabular(
                "gas",
                "GAS (D = 8)",
                new MlpSpec(362, 5, "relu", 0),
                List.of(0.05),
                "beta:1,0.5",
                true,
                optimization(100_000, 50_000, 10, 2e-3, 0.99, 1000));
    }

    /** tabular_LFM_miniboone.yaml. */
    private static Preset miniboone() {
        return tabular(
                "miniboone",
                "MINIBOONE (D = 43)",
                new MlpSpec(362, 4, "relu", 0),
                List.of(0.35),
                "beta:1,1",
                true,
                optimization(100_000, 1000, 4, 5e-3, 0.9, 4000));
    }

    /** tabular_LFM_bsds300.yaml (no beta_sample_t: uniform t; no warm start). */
    private static Preset bsds300() {
        return tabular(
                "bsds300",
                "BSDS300 (D = 63)",
                new MlpSpec(512, 4, "elu", 0),
                List.of(0.25, 0.25, 0.25),
                "uniform",
                false,
                optimization(30_000, 500, 1, 2e-3, 0.8, 4000));
    }

    private static Preset tabular(
            String name,
            String data,
            MlpSpec model,
            List<Double> gammas,
            String timeSampling,
            boolean warmStart,
            OptimizationSpec optimization) {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(model)
                .withFlow(new FlowSpec("lfm", gammas, "trig", timeSampling, warmStart))
                .withOptimization(optimization)
                .withData(source -> source.withPoolSize(0))
                .withRun(run -> run.withPushSolver(DOPRI5).withSampleSolver(DOPRI5));
        return new Preset(
                name, "the authors' " + data + " run: give --data " + name + ":DIR (MAF's files)", spec, null);
    }

    private static OptimizationSpec optimization(
            int steps, int batch, int timesPerPair, double learningRate, double decayFactor, long decayEvery) {
        return OptimizationSpec.defaults()
                .withStepsPerBlock(steps)
                .withBatch(batch)
                .withTimesPerPair(timesPerPair)
                .withLearningRate(learningRate)
                .withDecayFactor(decayFactor)
                .withDecayEvery(decayEvery);
    }
}
