package lfm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lfm.data.toy.ImageFit;
import org.junit.jupiter.api.Test;

/**
 * Each preset, value by value, against the authors' settings (hamrel-cxu/LocalFlowMatching at commit
 * b249c1f). The YAML columns are copied from {@code config/2d_LFM_rose.yaml} (2d_LFM_tree.yaml is the same
 * but for the image) and {@code config/tabular_LFM_*.yaml}; the code columns from {@code main_2d.py} and
 * {@code main_tabular.py}.
 */
class PresetsTest {

    /**
     * One configuration of the authors.
     *
     * @param hks        training.hks without the final None (the free block)
     * @param hiddenDim  model.hidden_dim
     * @param numHidden  model.num_hidden (hidden layers)
     * @param numTk      training.num_tk
     * @param batchSize  training.batch_size
     * @param maxBatch   training.max_batch (optimiser steps per block)
     * @param warmStart  training.warm_start
     * @param lr         training.lr
     * @param lrDecay    training.lr_decay (StepLR gamma)
     * @param lrStep     training.lr_step (StepLR step_size)
     * @param beta       {alpha, beta} when training.beta_sample_t is present, else null (t ~ U(0, 1))
     * @param ntr        data.ntr (2D training points), or 0 where the code trains on every training row
     * @param activation code: nn.Softplus(beta=20) (2D), nn.ReLU() (tabular), nn.ELU() (BSDS300)
     * @param stretch    code: the 2D image is stretched to [−4, 4] on both axes with mass max − grey
     */
    record Authors(
            String preset,
            List<Double> hks,
            int hiddenDim,
            int numHidden,
            int numTk,
            int batchSize,
            int maxBatch,
            boolean warmStart,
            double lr,
            double lrDecay,
            long lrStep,
            double[] beta,
            int ntr,
            String activation,
            boolean stretch) {}

    static final List<Authors> AUTHORS = List.of(
            new Authors(
                    "2d",
                    List.of(0.025, 0.031, 0.039, 0.049, 0.061, 0.076, 0.095, 0.119),
                    256,
                    3,
                    1,
                    10000,
                    50000,
                    true,
                    0.0002,
                    0.99,
                    1000,
                    null,
                    2000000,
                    "softplus:20",
                    true),
            new Authors(
                    "power",
                    List.of(0.15, 0.2, 0.26),
                    256,
                    4,
                    1,
                    30000,
                    100000,
                    true,
                    0.005,
                    0.99,
                    1000,
                    new double[] {1.0, 1.0},
                    0,
                    "relu",
                    false),
            new Authors(
                    "gas",
                    List.of(0.05),
                    362,
                    5,
                    10,
                    50000,
                    100000,
                    true,
                    0.002,
                    0.99,
                    1000,
                    new double[] {1.0, 0.5},
                    0,
                    "relu",
                    false),
            new Authors(
                    "miniboone",
                    List.of(0.35),
                    362,
                    4,
                    4,
                    1000,
                    100000,
                    true,
                    0.005,
                    0.9,
                    4000,
                    new double[] {1.0, 1.0},
                    0,
                    "relu",
                    false),
            new Authors(
                    "bsds300",
                    List.of(0.25, 0.25, 0.25),
                    512,
                    4,
                    1,
                    500,
                    30000,
                    false,
                    0.002,
                    0.8,
                    4000,
                    null,
                    0,
                    "elu",
                    false));

    /** What both scripts fix in code for every configuration. */
    private static final String INTERPOLANT = "trig"; // InterFlowLoss without use_FM

    private static final String SOLVER = "dopri5:1e-5,1e-5"; // CNF: int_mtd dopri5, rtol = atol = 1e-5

    @Test
    void everyPresetIsTheAuthorsConfigurationValueByValue() {
        assertEquals(
                AUTHORS.stream().map(Authors::preset).toList(),
                Presets.authors().stream().map(Preset::name).toList());
        List<String> compared = new ArrayList<>();
        for (Authors authors : AUTHORS) {
            Preset preset = Presets.named(authors.preset());
            TrainSpec spec = preset.spec();
            MlpSpec model = (MlpSpec) spec.model();
            OptimizationSpec optimization = spec.optimization();
            String name = authors.preset() + ": ";
            check(compared, name + "hks", authors.hks(), spec.flow().gammas());
            check(
                    compared,
                    name + "method (hks end in the free block)",
                    "lfm",
                    spec.flow().method());
            check(compared, name + "hidden_dim", authors.hiddenDim(), model.width());
            check(compared, name + "num_hidden", authors.numHidden(), model.depth());
            check(compared, name + "t as one raw input", 0, model.timeFrequencies());
            check(compared, name + "activation", authors.activation(), model.activation());
            check(compared, name + "num_tk", authors.numTk(), optimization.timesPerPair());
            check(compared, name + "batch_size", authors.batchSize(), optimization.batch());
            check(compared, name + "max_batch", authors.maxBatch(), optimization.stepsPerBlock());
            check(
                    compared,
                    name + "warm_start",
                    authors.warmStart(),
                    spec.flow().warmStart());
            check(compared, name + "lr", authors.lr(), optimization.learningRate());
            check(compared, name + "lr_decay", authors.lrDecay(), optimization.decayFactor());
            check(compared, name + "lr_step", authors.lrStep(), optimization.decayInterval());
            check(compared, name + "no warm-up", 0L, optimization.warmupSteps());
            check(compared, name + "Adam", "adam", optimization.optimizer());
            check(
                    compared,
                    name + "no clipping, no EMA",
                    List.of(0.0, 0.0, 0.0),
                    List.of(optimization.gradientClip(), optimization.emaDecay(), optimization.weightDecay()));
            check(
                    compared,
                    name + "beta_sample_t",
                    authors.beta() == null
                            ? "uniform"
                            : "beta:" + number(authors.beta()[0]) + "," + number(authors.beta()[1]),
                    spec.flow().timeSampling());
            check(compared, name + "ntr (pool)", authors.ntr(), spec.data().poolSize());
            check(compared, name + "interpolant", INTERPOLANT, spec.flow().interpolant());
            check(compared, name + "push solver", SOLVER, spec.run().pushSolver());
            check(compared, name + "sample solver", SOLVER, spec.run().sampleSolver());
            check(compared, name + "image fit", authors.stretch() ? ImageFit.STRETCH : null, preset.imageFit());
        }
        System.out.println(
                "PresetsTest: " + compared.size() + " values compared across " + AUTHORS.size() + " presets");
    }

    @Test
    void aPresetTrainsOnTheDataGivenAndStretchesImagesAsTheAuthorsDo() {
        Preset twoDimensional = Presets.named("rose");
        assertEquals("2d", twoDimensional.name());
        assertEquals("stretch:rose.png", twoDimensional.on("rose.png").data().source());
        assertEquals("rose.png", twoDimensional.source("keep:rose.png").replace("keep:", ""), "a fit given wins");
        assertEquals("moons", twoDimensional.on("moons").data().source());
        assertEquals(
                "power:/data/maf",
                Presets.named("POWER").on("power:/data/maf").data().source());
        assertNull(Presets.named("power").imageFit());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Presets.named("cifar"));
        assertTrue(unknown.getMessage().contains("unknown preset 'cifar'"), unknown.getMessage());
    }

    private static void check(List<String> compared, String what, Object expected, Object actual) {
        assertEquals(expected, actual, what);
        compared.add(what);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
