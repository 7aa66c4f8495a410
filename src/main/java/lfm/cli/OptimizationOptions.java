package lfm.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link lfm.config.OptimizationSpec} (a {@link Mixin}
 * of {@link TrainCommand}): steps, batch, learning-rate schedule, optimiser, clipping and EMA.
 */
final class OptimizationOptions {

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
}
