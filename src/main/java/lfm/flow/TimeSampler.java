package lfm.flow;

import java.util.Locale;
import lfm.backend.Backend;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * How training times t ∈ (0, 1) are drawn: uniformly, or from Beta(a, b) (the authors use Beta(1, 0.5)
 * on GAS, which puts more weight near t = 1).
 *
 * @param betaA first Beta shape, or NaN for uniform
 * @param betaB second Beta shape, or NaN for uniform
 */
public record TimeSampler(double betaA, double betaB) {

    public static final TimeSampler UNIFORM = new TimeSampler(Double.NaN, Double.NaN);

    public TimeSampler {
        boolean uniform = Double.isNaN(betaA) && Double.isNaN(betaB);
        if (!uniform && !(betaA > 0 && betaB > 0)) {
            throw new IllegalArgumentException("Beta time sampling needs a, b > 0, got " + betaA + ", " + betaB);
        }
    }

    /** Parses "uniform" or "beta:a,b". */
    public static TimeSampler parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("uniform")) {
            return UNIFORM;
        }
        if (value.startsWith("beta:")) {
            String[] parts = value.substring(5).split(",", -1);
            if (parts.length == 2) {
                try {
                    return new TimeSampler(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                } catch (NumberFormatException ignored) {
                    // fall through to the error below
                }
            }
        }
        throw new IllegalArgumentException("time sampling '" + text + "': expected uniform or beta:a,b");
    }

    public boolean isUniform() {
        return Double.isNaN(betaA);
    }

    /** Fills t (N, 1) with draws of the key. */
    public void fill(Backend backend, Tensor t, RandomKey key) {
        if (isUniform()) {
            backend.fillUniform(t, key);
        } else {
            backend.fillBeta(t, betaA, betaB, key);
        }
    }

    @Override
    public String toString() {
        return isUniform() ? "uniform" : "beta:" + betaA + "," + betaB;
    }
}
