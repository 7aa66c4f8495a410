package lfm.backend.conformance;

/**
 * How close a candidate's value a must be to the reference's e: |a − e| ≤ atol + rtol·|e|. NaN matches
 * only NaN. {@link #EXACT} (0, 0) demands the same float bits for ordinary values (random draws and
 * ops that the contract defines by the reference's own arithmetic).
 */
public record Tolerance(double atol, double rtol) {
    public static final Tolerance EXACT = new Tolerance(0, 0);

    public Tolerance {
        if (!(atol >= 0 && rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be ≥ 0, got atol " + atol + ", rtol " + rtol);
        }
    }

    /** The allowed error around the expected value e. */
    public double allowed(double expected) {
        return atol + rtol * Math.abs(expected);
    }

    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= allowed(expected);
    }

    @Override
    public String toString() {
        return this.equals(EXACT) ? "exact" : String.format("atol %.0e rtol %.0e", atol, rtol);
    }
}
