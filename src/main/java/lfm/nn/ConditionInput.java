package lfm.nn;

/**
 * How a condition vector c enters a velocity field v(x, t, c).
 * <ul>
 *   <li>{@code dimension} C: values per condition row (0: the field is unconditional).</li>
 *   <li>{@code embedding} E: 0 feeds c itself to the network; E &gt; 0 first maps it through its own
 *       small encoder, act(c·Wᵀ + b) with E outputs.</li>
 *   <li>{@code learnedNull}: the field also has a learned null condition ∅ (C values) and one flag input
 *       column, 1 for ∅ and 0 for a real condition, so v(x, t, ∅) is the unconditional field of
 *       classifier-free guidance and cannot be mistaken for any real condition.</li>
 * </ul>
 */
public record ConditionInput(int dimension, int embedding, boolean learnedNull) {
    /** No condition: v(x, t). */
    public static final ConditionInput NONE = new ConditionInput(0, 0, false);

    public ConditionInput {
        if (dimension < 0 || embedding < 0) {
            throw new IllegalArgumentException(
                    "condition dimension and embedding must be ≥ 0, got " + dimension + " and " + embedding);
        }
        if (dimension == 0 && (embedding > 0 || learnedNull)) {
            throw new IllegalArgumentException("an unconditional field has no condition encoder or null condition");
        }
    }

    public boolean present() {
        return dimension > 0;
    }

    /** Columns the condition adds to the network's input: E (or C), plus the null flag. */
    public int inputColumns() {
        if (!present()) {
            return 0;
        }
        return (embedding > 0 ? embedding : dimension) + (learnedNull ? 1 : 0);
    }
}
