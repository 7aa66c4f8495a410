package lfm.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link lfm.config.ConditionSpec} (a {@link Mixin} of
 * {@link TrainCommand}): which condition c a conditional model is trained on, and how it is fed.
 */
final class ConditionOptions {

    @Option(
            names = "--condition-columns",
            description = "columns of --data that are the condition c of a "
                    + "conditional model: 0-based indices, Python slices or header names, e.g. 2: or label")
    @SpecField("condition.columns")
    String conditionColumns;

    @Option(names = "--condition", description = "a table of conditions, row i for row i of --data (.csv/.npy)")
    @SpecField("condition.file")
    String conditionFile;

    @Option(
            names = "--condition-classes",
            description = "K > 0: the condition is a class label 0..K−1, fed one-hot (default: ${DEFAULT-VALUE})")
    @SpecField("condition.classes")
    int conditionClasses;

    @Option(
            names = "--condition-embedding",
            description = "E > 0: c passes through its own E-unit encoder first (default: ${DEFAULT-VALUE})")
    @SpecField("condition.embedding")
    int conditionEmbedding;

    @Option(
            names = "--condition-dropout",
            description = "share p of each batch trained on the learned null "
                    + "condition, for classifier-free guidance (default: ${DEFAULT-VALUE})")
    @SpecField("condition.dropout")
    double conditionDropout;

    @Option(
            names = "--condition-standardize",
            description = "auto (on for values, off for class labels), on or off (default: ${DEFAULT-VALUE})")
    @SpecField("condition.standardize")
    String conditionStandardize;
}
