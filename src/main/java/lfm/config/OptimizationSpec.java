package lfm.config;

import lfm.optim.AdamConfig;
import lfm.optim.LearningRateSchedule;

/**
 * How each block is optimised. The learning rate of step s (0-based, restarting with every block) is
 * lr·s'/W during a linear warm-up of W steps (s' = s + 1), then lr·factor^⌊s / every⌋.
 *
 * @param stepsPerBlock optimiser steps for each block (--steps)
 * @param batch         batch size (--batch)
 * @param learningRate  base learning rate (--lr)
 * @param decayFactor   step-decay factor, 1 = none (--lr-decay)
 * @param decayEvery    steps between decays (--lr-decay-every)
 * @param warmupSteps   linear warm-up steps, 0 = none (--warmup)
 * @param optimizer     "adam" or "adamw" (--optimizer)
 * @param weightDecay   weight decay (--weight-decay)
 * @param gradientClip  largest global gradient norm, 0 = no clipping (--clip)
 * @param emaDecay      EMA decay of the weights saved for each block, 0 = no EMA (--ema)
 */
public record OptimizationSpec(int stepsPerBlock, int batch, double learningRate, double decayFactor, long decayEvery,
                               long warmupSteps, String optimizer, double weightDecay, double gradientClip,
                               double emaDecay) {

    public OptimizationSpec {
        Checks.positive("--steps", stepsPerBlock);
        Checks.positive("--batch", batch);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        if (!(decayFactor > 0) || decayEvery < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("--lr-decay must be > 0, --lr-decay-every ≥ 1 and --warmup ≥ 0");
        }
        if (!"adam".equals(optimizer) && !"adamw".equals(optimizer)) {
            throw new IllegalArgumentException("--optimizer must be adam or adamw, got " + optimizer);
        }
        if (gradientClip < 0 || weightDecay < 0 || emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("--clip and --weight-decay must be ≥ 0, --ema in [0, 1)");
        }
    }

    /** 3,000 Adam steps of batch 1,024 per block, lr 2e-3 × 0.8 every 1,000 steps, no clipping, no EMA. */
    public static OptimizationSpec defaults() {
        return new OptimizationSpec(3000, 1024, 2e-3, 0.8, 1000, 0, "adam", 0, 0, 0);
    }

    public OptimizationSpec withStepsPerBlock(int stepsPerBlock) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withBatch(int batch) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withLearningRate(double learningRate) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    /** Multiply the rate by this factor every {@link #decayEvery} steps (1 = constant). */
    public OptimizationSpec withDecayFactor(double decayFactor) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withDecayEvery(long decayEvery) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withWarmupSteps(long warmupSteps) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    /** "adam" or "adamw". */
    public OptimizationSpec withOptimizer(String optimizer) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withWeightDecay(double weightDecay) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withGradientClip(double gradientClip) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    public OptimizationSpec withEmaDecay(double emaDecay) {
        return new OptimizationSpec(stepsPerBlock, batch, learningRate, decayFactor, decayEvery, warmupSteps, optimizer,
                weightDecay, gradientClip, emaDecay);
    }

    /** The learning rate of each step of a block (warm-up, then step decay). */
    public LearningRateSchedule learningRates() {
        return LearningRateSchedule.warmup(warmupSteps, learningRate,
                LearningRateSchedule.stepDecay(learningRate, decayFactor, decayEvery));
    }

    public AdamConfig adamConfig() {
        return optimizer.equals("adamw") ? AdamConfig.adamW((float) weightDecay)
                : new AdamConfig(0.9f, 0.999f, 1e-8f, (float) weightDecay, false);
    }
}
