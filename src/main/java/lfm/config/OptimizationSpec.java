package lfm.config;

import lfm.optim.AdamConfig;
import lfm.optim.LearningRateSchedule;

/**
 * How each block is optimised. The learning rate of step s (0-based, restarting with every block) is
 * lr·s'/W during a linear warm-up of W steps (s' = s + 1), then lr·factor^⌊s / every⌋, where every is
 * {@code decayEvery} steps, or round(F·S) for a flow trained for S steps when a fraction F is given: the
 * rate then follows the same shape over the flow's steps whatever S is, so LFM (N blocks of S steps) and
 * global FM (one flow of N·S steps) given the same F are compared at equal per-step schedule shapes.
 *
 * @param stepsPerBlock optimiser steps for each block (--steps)
 * @param batch         batch size (--batch)
 * @param timesPerPair  K independent t drawn for each (x_l, x_r) pair of a batch; the loss is the mean over
 *                      the K draws (the authors' {@code num_tk}) (--times-per-pair)
 * @param learningRate  base learning rate (--lr)
 * @param decayFactor   step-decay factor, 1 = none (--lr-decay)
 * @param decayEvery    steps between decays (--lr-decay-every)
 * @param decayEveryFraction steps between decays as a fraction F of the flow's steps: round(F·steps);
 *                      0 = use {@code decayEvery} (--lr-decay-every-fraction)
 * @param warmupSteps   linear warm-up steps, 0 = none (--warmup)
 * @param optimizer     "adam" or "adamw" (--optimizer)
 * @param weightDecay   weight decay (--weight-decay)
 * @param gradientClip  largest global gradient norm, 0 = no clipping (--clip)
 * @param emaDecay      EMA decay of the weights saved for each block, 0 = no EMA (--ema); during the warm-up
 *                      the EMA takes the weights as they are (decay 0), as the authors' image code does
 * @param adamBeta2     Adam's β₂, the decay of the squared-gradient average v ← β₂·v + (1 − β₂)·g² (--adam-beta2);
 *                      0.999 (PyTorch's default) before format 6; lower values (0.99, 0.95) adapt faster to
 *                      changing gradient scales
 */
public record OptimizationSpec(
        int stepsPerBlock,
        int batch,
        @Since(5) int timesPerPair,
        double learningRate,
        double decayFactor,
        long decayEvery,
        @Since(5) double decayEveryFraction,
        long warmupSteps,
        String optimizer,
        double weightDecay,
        double gradientClip,
        double emaDecay,
        @Since(6) double adamBeta2) {

    public OptimizationSpec {
        Checks.positive("--steps", stepsPerBlock);
        Checks.positive("--batch", batch);
        Checks.positive("--times-per-pair", timesPerPair);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        if (!(decayFactor > 0) || decayEvery < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("--lr-decay must be > 0, --lr-decay-every ≥ 1 and --warmup ≥ 0");
        }
        if (!(decayEveryFraction >= 0 && decayEveryFraction <= 1)) {
            throw new IllegalArgumentException("--lr-decay-every-fraction must be in [0, 1] (0 = use "
                    + "--lr-decay-every), got " + decayEveryFraction);
        }
        if (!"adam".equals(optimizer) && !"adamw".equals(optimizer)) {
            throw new IllegalArgumentException("--optimizer must be adam or adamw, got " + optimizer);
        }
        if (gradientClip < 0 || weightDecay < 0 || emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("--clip and --weight-decay must be ≥ 0, --ema in [0, 1)");
        }
        if (!(adamBeta2 >= 0 && adamBeta2 < 1)) {
            throw new IllegalArgumentException("--adam-beta2 must be in [0, 1), got " + adamBeta2);
        }
    }

    /**
     * 3,000 Adam steps of batch 1,024 per block, one t per pair, lr 2e-3 × 0.8 every 1,000 steps, no
     * clipping, no EMA, Adam's β₂ = 0.999.
     */
    public static OptimizationSpec defaults() {
        return new OptimizationSpec(3000, 1024, 1, 2e-3, 0.8, 1000, 0, 0, "adam", 0, 0, 0, 0.999);
    }

    public OptimizationSpec withStepsPerBlock(int stepsPerBlock) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withBatch(int batch) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /** K independent t per (x_l, x_r) pair, the loss averaged over them (1 = one t per pair). */
    public OptimizationSpec withTimesPerPair(int timesPerPair) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withLearningRate(double learningRate) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /** Multiply the rate by this factor every {@link #decayEvery} steps (1 = constant). */
    public OptimizationSpec withDecayFactor(double decayFactor) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withDecayEvery(long decayEvery) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /**
     * Decay every round(F·steps) steps of the flow (0 = every {@link #decayEvery} steps): the same F gives
     * flows of different step counts the same schedule shape.
     */
    public OptimizationSpec withDecayEveryFraction(double decayEveryFraction) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withWarmupSteps(long warmupSteps) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /** "adam" or "adamw". */
    public OptimizationSpec withOptimizer(String optimizer) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withWeightDecay(double weightDecay) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withGradientClip(double gradientClip) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    public OptimizationSpec withEmaDecay(double emaDecay) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /** Adam's β₂ (0.999 = PyTorch's default). */
    public OptimizationSpec withAdamBeta2(double adamBeta2) {
        return new OptimizationSpec(
                stepsPerBlock,
                batch,
                timesPerPair,
                learningRate,
                decayFactor,
                decayEvery,
                decayEveryFraction,
                warmupSteps,
                optimizer,
                weightDecay,
                gradientClip,
                emaDecay,
                adamBeta2);
    }

    /** The learning rate of each step of a block (warm-up, then step decay). */
    public LearningRateSchedule learningRates() {
        return LearningRateSchedule.warmup(
                warmupSteps, learningRate, LearningRateSchedule.stepDecay(learningRate, decayFactor, decayInterval()));
    }

    /** Steps between decays: {@code decayEvery}, or round(F·stepsPerBlock) (at least 1) when F > 0. */
    public long decayInterval() {
        return decayEveryFraction > 0 ? Math.max(1, Math.round(decayEveryFraction * stepsPerBlock)) : decayEvery;
    }

    /** Adam (or AdamW) with β₁ = 0.9, this β₂, ε = 1e-8 and this weight decay. */
    public AdamConfig adamConfig() {
        return new AdamConfig(0.9f, (float) adamBeta2, 1e-8f, (float) weightDecay, optimizer.equals("adamw"));
    }
}
