package lfm.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a Local Flow Matching model: L Ornstein–Uhlenbeck blocks with step lengths γ₁..γ_L,
 * then one free block that flows to N(0, I) (N = L + 1 blocks in all). Global flow matching is the
 * schedule with no OU blocks. Validated: every γ &gt; 0 and finite.
 *
 * @param gammas the OU step lengths, block 1 first
 */
public record Schedule(List<Double> gammas) {

    public Schedule {
        gammas = List.copyOf(gammas);
        for (int i = 0; i < gammas.size(); i++) {
            double gamma = gammas.get(i);
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException(
                        "γ of block " + (i + 1) + " must be a positive number, got " + gamma);
            }
        }
    }

    /** γₙ = c·ρ^{n−1} for n = 1..L. */
    public static Schedule geometric(int blocks, double gamma0, double rho) {
        if (blocks < 0) {
            throw new IllegalArgumentException("the number of OU blocks must be ≥ 0, got " + blocks);
        }
        if (!(rho > 0)) {
            throw new IllegalArgumentException("ρ must be > 0, got " + rho);
        }
        List<Double> gammas = new ArrayList<>();
        for (int n = 0; n < blocks; n++) {
            gammas.add(gamma0 * Math.pow(rho, n));
        }
        return new Schedule(gammas);
    }

    /**
     * Parses "0.15,0.2,0.26"; a blank list is no OU block. An empty item ("0.1,,0.2", a trailing comma) is
     * an error, not skipped: it is most often a value the user meant to type.
     */
    public static Schedule parse(String list) {
        List<Double> gammas = new ArrayList<>();
        if (list.isBlank()) {
            return new Schedule(gammas);
        }
        for (String part : list.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("γ list '" + list + "' has an empty item");
            }
            try {
                gammas.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("γ list: '" + part.trim() + "' is not a number");
            }
        }
        return new Schedule(gammas);
    }

    /** All blocks, the free one last. */
    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < gammas.size(); i++) {
            blocks.add(Block.ou(i + 1, gammas.get(i)));
        }
        blocks.add(Block.free(gammas.size() + 1));
        return blocks;
    }

    /** N = L + 1. */
    public int blockCount() {
        return gammas.size() + 1;
    }

    /**
     * One block: what its right end point x_r is. An OU block takes x_r = e^{−γ} x_l + √(1 − e^{−2γ}) z
     * from the same x_l (dependent coupling); the free block takes x_r = z independent of x_l.
     *
     * @param index 1-based block number
     * @param gamma the OU step length, NaN for the free block
     */
    public record Block(int index, double gamma) {

        static Block ou(int index, double gamma) {
            return new Block(index, gamma);
        }

        static Block free(int index) {
            return new Block(index, Double.NaN);
        }

        public boolean isFree() {
            return Double.isNaN(gamma);
        }

        /** Coefficient of x_l in x_r: e^{−γ}, or 0 for the free block. */
        public float shrink() {
            return isFree() ? 0f : (float) Math.exp(-gamma);
        }

        /** Coefficient of z in x_r: √(1 − e^{−2γ}), or 1 for the free block. */
        public float noiseScale() {
            return isFree() ? 1f : (float) Math.sqrt(-Math.expm1(-2 * gamma));
        }

        @Override
        public String toString() {
            return isFree() ? "block " + index + " (free)" : String.format("block %d (γ = %.4g)", index, gamma);
        }
    }
}
