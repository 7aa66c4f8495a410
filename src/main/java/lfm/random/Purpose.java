package lfm.random;

import java.nio.charset.StandardCharsets;

/**
 * What a random stream is for. Every stream's seed is derived from the user's seed and one purpose
 * (and, within a purpose, an index such as the block), so two purposes never share a stream: eval's
 * Hutchinson probes never reuse the generation noise, and distilled students never replay the teacher's
 * training batches, whatever seeds the commands were given.
 *
 * <p>Labels: a purpose's label is a 64-bit FNV-1a hash of its name with bit 62 set and bit 63 clear, so
 * it lies in [2⁶², 2⁶³) and can equal neither a block index n nor −n, the labels the training streams
 * have used since the first run format (kept, so that runs written before resume to the same weights).
 * Distinct labels give distinct seeds for the same user seed: {@link Distributions#mix} adds an odd
 * multiple of (label + 1) before a bijective finaliser.
 */
public enum Purpose {
    /** Batches of block n (rows, t, noise): mix(seed, n), the label being the block index itself. */
    TRAINING_BATCHES(null),
    /** Initial weights of block n: mix(seed, −n). */
    INITIAL_WEIGHTS(null),
    /** z ~ N(0, I) of sampling (teacher and students draw the same z for the same seed). */
    GENERATION_NOISE("generation-noise"),
    /** Hutchinson probes of the likelihood: index = block, element = (point, probe, coordinate). */
    HUTCHINSON_PROBES("hutchinson-probes"),
    /** Subsamples and projections of the sample metrics: index = which draw. */
    SAMPLE_METRICS("sample-metrics"),
    /** The reference N(0, I) sample of the per-block diagnostics. */
    DIAGNOSTIC_NOISE("diagnostic-noise"),
    /** The noise and subsample that make the teacher's distillation pairs. */
    DISTILLATION_PAIRS("distillation-pairs"),
    /** The batches of student g: index = g (0-based). */
    DISTILLATION_BATCHES("distillation-batches"),
    /** The initial weights of student g: index = g (1-based). */
    STUDENT_WEIGHTS("student-weights");

    private final long label;

    Purpose(String name) {
        this.label = name == null ? 0 : label(name);
    }

    /** The seed of this purpose's single stream. */
    public long seed(long seed) {
        if (label == 0) {
            throw new IllegalStateException(this + " streams are indexed by block: use seed(seed, block)");
        }
        return Distributions.mix(seed, label);
    }

    /** The seed of stream {@code index} of this purpose (e.g. the block or the student). */
    public long seed(long seed, long index) {
        return switch (this) {
            case TRAINING_BATCHES -> Distributions.mix(seed, index);
            case INITIAL_WEIGHTS -> Distributions.mix(seed, -index);
            default -> Distributions.mix(seed(seed), index);
        };
    }

    /** This purpose's label (0 for the two block-indexed training purposes). */
    public long label() {
        return label;
    }

    private static long label(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (hash & ~(1L << 63)) | (1L << 62);
    }
}
