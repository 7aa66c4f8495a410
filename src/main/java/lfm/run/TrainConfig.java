package lfm.run;

import java.util.List;
import lfm.backend.Activation;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.flow.ode.OdeSolver;
import lfm.nn.FieldConfig;
import lfm.optim.AdamConfig;
import lfm.optim.LearningRateSchedule;

/**
 * Everything that defines a training run, stored as the run's config.json: with it (and the block
 * weights) the model can be rebuilt and a stopped run resumed. Validated on construction so a bad
 * value fails before any work starts.
 *
 * @param method           "lfm" (OU blocks + free block) or "fm" (global flow matching: the free block alone)
 * @param data             the --data value the run was trained on
 * @param dimension        D, the data's number of coordinates
 * @param gammas           OU step lengths of blocks 1..L (empty for fm)
 * @param timeSampling     "uniform" or "beta:a,b"
 * @param stepsPerBlock    optimiser steps for each block
 * @param learningRate     base learning rate
 * @param decayFactor      step-decay factor (1 = none)
 * @param decayEvery       steps between decays
 * @param warmupSteps      linear warm-up steps (0 = none)
 * @param optimizer        "adam" or "adamw"
 * @param gradientClip     max global gradient norm (0 = no clipping)
 * @param emaDecay         EMA decay of weights used for the saved block (0 = no EMA)
 * @param poolSize         training points pushed through the blocks
 * @param warmStart        block n starts from block n − 1's weights
 * @param pushSolver       solver spec used to push the pool after each block
 * @param sampleSolver     default solver spec for sampling and evaluation
 * @param chunkRows        rows per chunk in pushes and sampling
 * @param checkpointEvery  steps between mid-block checkpoints
 * @param logEvery         steps between loss reads (the loss is averaged over them)
 * @param standardMean     per-column mean subtracted before training (null: data used as is)
 * @param standardStd      per-column standard deviation divided out (null with standardMean)
 */
public record TrainConfig(
        String method, String data, int dimension,
        int width, int depth, String activation, int timeFrequencies,
        List<Double> gammas, String interpolant, String timeSampling,
        int stepsPerBlock, int batch, double learningRate, double decayFactor, long decayEvery, long warmupSteps,
        String optimizer, double weightDecay, double gradientClip, double emaDecay,
        int poolSize, boolean warmStart, String pushSolver, String sampleSolver, int chunkRows,
        int checkpointEvery, int logEvery, long seed,
        double[] standardMean, double[] standardStd) {

    public TrainConfig {
        if (!method.equals("lfm") && !method.equals("fm")) {
            throw new IllegalArgumentException("--method must be lfm or fm, got " + method);
        }
        if (method.equals("fm") && !gammas.isEmpty()) {
            throw new IllegalArgumentException("--method fm trains one free block; it takes no γ schedule");
        }
        positive("--steps", stepsPerBlock);
        positive("--batch", batch);
        positive("--pool", poolSize);
        positive("--chunk", chunkRows);
        positive("--checkpoint-every", checkpointEvery);
        positive("--log-every", logEvery);
        if (checkpointEvery % logEvery != 0) {
            throw new IllegalArgumentException("--checkpoint-every (" + checkpointEvery
                    + ") must be a multiple of --log-every (" + logEvery + ") so a resumed run logs the same losses");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        if (!(decayFactor > 0) || decayEvery < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("--lr-decay must be > 0, --lr-decay-every ≥ 1 and --warmup ≥ 0");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("adamw")) {
            throw new IllegalArgumentException("--optimizer must be adam or adamw, got " + optimizer);
        }
        if (gradientClip < 0 || weightDecay < 0 || emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("--clip and --weight-decay must be ≥ 0, --ema in [0, 1)");
        }
        gammas = List.copyOf(gammas);
        new Schedule(gammas);
        new FieldConfig(dimension, width, depth, Activation.parse(activation), timeFrequencies);
        Interpolant.parse(interpolant);
        TimeSampler.parse(timeSampling);
        OdeSolver.parse(pushSolver, 10);
        OdeSolver.parse(sampleSolver, 10);
    }

    private static void positive(String flag, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be ≥ 1, got " + value);
        }
    }

    public Schedule schedule() {
        return new Schedule(gammas);
    }

    public FieldConfig fieldConfig() {
        return new FieldConfig(dimension, width, depth, Activation.parse(activation), timeFrequencies);
    }

    public Interpolant path() {
        return Interpolant.parse(interpolant);
    }

    public TimeSampler times() {
        return TimeSampler.parse(timeSampling);
    }

    public LearningRateSchedule learningRates() {
        return LearningRateSchedule.warmup(warmupSteps, learningRate,
                LearningRateSchedule.stepDecay(learningRate, decayFactor, decayEvery));
    }

    public AdamConfig adamConfig() {
        return optimizer.equals("adamw") ? AdamConfig.adamW((float) weightDecay)
                : new AdamConfig(0.9f, 0.999f, 1e-8f, (float) weightDecay, false);
    }

    public boolean standardized() {
        return standardMean != null;
    }

    /** The same run with data standardisation statistics attached. */
    public TrainConfig withStandardization(double[] mean, double[] std) {
        return new TrainConfig(method, data, dimension, width, depth, activation, timeFrequencies, gammas, interpolant,
                timeSampling, stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay, poolSize, warmStart, pushSolver, sampleSolver, chunkRows,
                checkpointEvery, logEvery, seed, mean, std);
    }
}
