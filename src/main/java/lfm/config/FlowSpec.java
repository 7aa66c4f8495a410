package lfm.config;

import java.util.List;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;

/**
 * What each block learns: the method, the OU step lengths γ₁..γ_L of the blocks before the free block,
 * the interpolant I_t between x_l and x_r, how t is drawn, and whether block n starts from block
 * n − 1's weights.
 *
 * @param method       "lfm" (OU blocks + free block) or "fm" (global flow matching: the free block alone)
 * @param gammas       OU step lengths of blocks 1..L, block 1 first (empty for fm)
 * @param interpolant  "trig" (cos/sin) or "ot" (linear)
 * @param timeSampling "uniform" or "beta:a,b"
 * @param warmStart    block n starts from block n − 1's weights
 */
public record FlowSpec(String method, List<Double> gammas, String interpolant, String timeSampling, boolean warmStart) {
    /** Default number of OU blocks L of the geometric schedule γₙ = c·ρ^(n−1) (--blocks). */
    public static final int DEFAULT_BLOCKS = 4;
    /** Default first step length c (--gamma0). */
    public static final double DEFAULT_GAMMA0 = 0.1;
    /** Default growth ρ from block to block (--rho). */
    public static final double DEFAULT_RHO = 1.5;

    public FlowSpec {
        if (!"lfm".equals(method) && !"fm".equals(method)) {
            throw new IllegalArgumentException("--method must be lfm or fm, got " + method);
        }
        gammas = List.copyOf(gammas);
        if (method.equals("fm") && !gammas.isEmpty()) {
            throw new IllegalArgumentException("--method fm trains one free block; it takes no γ schedule");
        }
        new Schedule(gammas);
        Interpolant.parse(interpolant);
        TimeSampler.parse(timeSampling);
    }

    /** LFM with 4 OU blocks, γₙ = 0.1·1.5^(n−1), trig interpolant, uniform t, warm start. */
    public static FlowSpec defaults() {
        return new FlowSpec(
                "lfm",
                Schedule.geometric(DEFAULT_BLOCKS, DEFAULT_GAMMA0, DEFAULT_RHO).gammas(),
                "trig",
                "uniform",
                true);
    }

    /** The same flow with another method; "fm" also drops the OU blocks (global flow matching has none). */
    public FlowSpec withMethod(String method) {
        return new FlowSpec(method, "fm".equals(method) ? List.of() : gammas, interpolant, timeSampling, warmStart);
    }

    public FlowSpec withGammas(List<Double> gammas) {
        return new FlowSpec(method, gammas, interpolant, timeSampling, warmStart);
    }

    /** L OU blocks with γₙ = gamma0·rho^(n−1). */
    public FlowSpec withGeometricGammas(int blocks, double gamma0, double rho) {
        return withGammas(Schedule.geometric(blocks, gamma0, rho).gammas());
    }

    public FlowSpec withInterpolant(String interpolant) {
        return new FlowSpec(method, gammas, interpolant, timeSampling, warmStart);
    }

    public FlowSpec withTimeSampling(String timeSampling) {
        return new FlowSpec(method, gammas, interpolant, timeSampling, warmStart);
    }

    public FlowSpec withWarmStart(boolean warmStart) {
        return new FlowSpec(method, gammas, interpolant, timeSampling, warmStart);
    }

    /** The blocks: the OU blocks, then the free block. */
    public Schedule schedule() {
        return new Schedule(gammas);
    }

    public Interpolant path() {
        return Interpolant.parse(interpolant);
    }

    public TimeSampler times() {
        return TimeSampler.parse(timeSampling);
    }
}
