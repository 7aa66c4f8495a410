package lfm.likelihood;

import java.util.Locale;

/**
 * How tr(∂v/∂x) is computed along the flow.
 * <ul>
 *   <li>EXACT: D Jacobian-vector products per evaluation, all D tangents pushed through the network at
 *       once as one stacked batch (forward mode, so each costs about one forward pass; for a UNet block
 *       D vector–Jacobian products, about three passes each). Fine for D ≤ ~100.</li>
 *   <li>HUTCHINSON: tr J ≈ (1/K) Σₖ εₖᵀ J εₖ with K fixed probes per point (Rademacher or Gaussian), drawn
 *       once per integration as in FFJORD; unbiased, with variance that falls as 1/K.</li>
 * </ul>
 */
public record Divergence(Kind kind, Probe probe, int probes) {

    public enum Kind {
        EXACT,
        HUTCHINSON
    }

    public enum Probe {
        RADEMACHER,
        GAUSSIAN
    }

    public static final Divergence EXACT = new Divergence(Kind.EXACT, Probe.RADEMACHER, 0);

    public Divergence {
        if (kind == Kind.HUTCHINSON && probes < 1) {
            throw new IllegalArgumentException("Hutchinson needs at least one probe, got " + probes);
        }
    }

    public static Divergence hutchinson(Probe probe, int probes) {
        return new Divergence(Kind.HUTCHINSON, probe, probes);
    }

    /**
     * Parses the --divergence value ("exact", "hutchinson"); {@code auto} is exact for D ≤ 100.
     */
    public static Divergence parse(String kind, String probe, int probes, int dimension) {
        String value = kind.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            value = dimension <= 100 ? "exact" : "hutchinson";
        }
        return switch (value) {
            case "exact" -> EXACT;
            case "hutchinson" ->
                hutchinson(
                        switch (probe.trim().toLowerCase(Locale.ROOT)) {
                            case "rademacher" -> Probe.RADEMACHER;
                            case "gaussian" -> Probe.GAUSSIAN;
                            default ->
                                throw new IllegalArgumentException(
                                        "--probe must be rademacher or gaussian, got " + probe);
                        },
                        probes);
            default ->
                throw new IllegalArgumentException("--divergence must be exact, hutchinson or auto, got " + kind);
        };
    }

    /** Tangent directions pushed per point: D for exact, K for Hutchinson. */
    public int directions(int dimension) {
        return kind == Kind.EXACT ? dimension : probes;
    }

    @Override
    public String toString() {
        return kind == Kind.EXACT
                ? "exact"
                : "hutchinson (" + probes + " " + probe.name().toLowerCase(Locale.ROOT) + " probes)";
    }
}
