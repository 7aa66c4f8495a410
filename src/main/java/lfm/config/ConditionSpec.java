package lfm.config;

/**
 * The condition of a conditional model v(x, t, c): which columns of the data are c, how c is encoded,
 * and classifier-free guidance training. With no condition columns and no condition file the model is
 * unconditional (the default, and what every run before this group did).
 *
 * @param columns     condition columns of the data table (--condition-columns): indices, Python slices or
 *                    header names, e.g. "2:" ({@link lfm.data.ConditionColumns}); null = none
 * @param file        a second table whose rows are the conditions of the data's rows (--condition), joined
 *                    as [x | c]; null = none
 * @param classes     K &gt; 0: the condition is one column of class labels 0..K−1, fed as one-hot rows
 *                    (--condition-classes); 0: the condition values as they are
 * @param embedding   E &gt; 0: c passes through its own encoder act(c·Wᵀ + b) with E outputs before it
 *                    joins [t | x] (--condition-embedding); 0: c joins as it is
 * @param dropout     p: the share of every batch trained on the learned null condition ∅, for
 *                    classifier-free guidance (--condition-dropout); 0 = no null condition
 * @param standardize per-column standardisation of c, fitted on the training pool (--condition-standardize):
 *                    auto = on for condition values, off for class labels
 */
public record ConditionSpec(
        String columns, String file, int classes, int embedding, double dropout, Standardize standardize) {

    public ConditionSpec {
        if (classes < 0 || embedding < 0) {
            throw new IllegalArgumentException(
                    "--condition-classes and --condition-embedding must be ≥ 0, got " + classes + " and " + embedding);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--condition-dropout must be in [0, 1), got " + dropout);
        }
        if (standardize == null) {
            throw new IllegalArgumentException("--condition-standardize must be auto, on or off");
        }
        if (columns != null && columns.isBlank()) {
            columns = null;
        }
        if (file != null && file.isBlank()) {
            file = null;
        }
        if (columns != null && file != null) {
            throw new IllegalArgumentException("give the condition either as columns of --data (--condition-columns) "
                    + "or as its own file (--condition), not both");
        }
        if (columns == null && file == null && (classes > 0 || embedding > 0 || dropout > 0)) {
            throw new IllegalArgumentException("--condition-classes, --condition-embedding and --condition-dropout "
                    + "need a condition: --condition-columns or --condition FILE");
        }
    }

    /** No condition: an unconditional model. */
    public static ConditionSpec defaults() {
        return new ConditionSpec(null, null, 0, 0, 0, Standardize.AUTO);
    }

    /** Whether the model is conditional. */
    public boolean given() {
        return columns != null || file != null;
    }

    /** Whether the model has a learned null condition (trained with dropout p &gt; 0). */
    public boolean learnedNull() {
        return dropout > 0;
    }

    public ConditionSpec withColumns(String columns) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }

    public ConditionSpec withFile(String file) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }

    public ConditionSpec withClasses(int classes) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }

    public ConditionSpec withEmbedding(int embedding) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }

    public ConditionSpec withDropout(double dropout) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }

    public ConditionSpec withStandardize(Standardize standardize) {
        return new ConditionSpec(columns, file, classes, embedding, dropout, standardize);
    }
}
