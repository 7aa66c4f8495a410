package lfm.cli;

import java.util.List;
import lfm.config.FlowSpec;
import lfm.flow.Schedule;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link FlowSpec} (a {@link Mixin} of
 * {@link TrainCommand}): the method, the OU step lengths γ (--gammas, or --blocks/--gamma0/--rho), the
 * interpolant, the time sampling and warm start.
 */
final class FlowOptions {

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

    @Option(names = "--no-warm-start", description = "start every block from fresh weights")
    @SpecField(value = "flow.warmStart", negated = true)
    boolean noWarmStart;

    /** The OU step lengths of an LFM run: --gammas, else the geometric schedule of --blocks/--gamma0/--rho. */
    List<Double> lfmSchedule() {
        return gammas != null
                ? Schedule.parse(gammas).gammas()
                : Schedule.geometric(blocks, gamma0, rho).gammas();
    }
}
