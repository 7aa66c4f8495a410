package lfm.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lfm.config.ConditionSpec;
import lfm.config.DataSpec;
import lfm.config.FittedCondition;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.ClassLabels;
import lfm.data.ConditionColumns;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.Standardization;
import lfm.data.TabularDataset;
import lfm.data.format.TableFormat;
import lfm.data.image.ImageDataset;

/**
 * The condition of a conditional run between the data and the network. In the data a condition is the
 * row's condition columns (a class label for a class-conditional run); the network reads it encoded:
 * one-hot for class labels, then standardised per column where the run fitted that. Data sets are
 * tables whose rows hold both parts; {@link ConditionColumns} splits them. Labelled image data sets
 * join that form with their label as the last column, named "label" ({@link ImageDataset#withLabelColumn}).
 */
final class Conditions {
    private Conditions() {}

    /** The data set a spec names: --data, joined column by column with --condition FILE when given. */
    static Dataset open(TrainSpec spec, String source) throws IOException {
        String file = spec.condition().file();
        if (file == null) {
            Dataset dataset = Datasets.open(source);
            // Labelled images: the label is the condition column ("label", the last one).
            return spec.condition().given() && dataset instanceof ImageDataset images
                    ? images.withLabelColumn()
                    : dataset;
        }
        if (TableFormat.ofName(source).isEmpty() || TableFormat.ofName(file).isEmpty()) {
            throw new IllegalArgumentException("--condition FILE pairs two tables (" + TableFormat.extensions()
                    + "): --data " + source + " and --condition " + file);
        }
        return TabularDataset.openPaired(Path.of(source), Path.of(file));
    }

    /** The spec with its condition columns resolved for a paired table: every column of the condition file. */
    static TrainSpec resolveColumns(TrainSpec spec, Dataset dataset) {
        ConditionSpec condition = spec.condition();
        if (condition.file() != null && condition.columns() == null && dataset instanceof TabularDataset table) {
            return spec.withCondition(c -> c.withColumns(table.pairedConditionStart() + ":"));
        }
        return spec;
    }

    /** Which columns of the data set's rows are the condition (null for an unconditional spec). */
    static ConditionColumns columns(TrainSpec spec, Dataset dataset) {
        if (!spec.condition().given()) {
            return null;
        }
        return ConditionColumns.resolve(spec.condition().columns(), dataset.dimension(), dataset.columnNames());
    }

    /** C and the condition's standardisation, fitted on the training pool's raw conditions. */
    static FittedCondition fit(ConditionSpec spec, DataMatrix raw) {
        DataMatrix encoded = spec.classes() > 0 ? ClassLabels.oneHot(raw, spec.classes()) : raw;
        boolean standardize = spec.standardize().applies(spec.classes() == 0);
        return new FittedCondition(encoded.cols(), standardize ? Standardization.fit(encoded) : null);
    }

    /** Raw conditions (data units; class labels) → what the network reads. */
    static DataMatrix encode(RunConfig config, DataMatrix raw) {
        if (!config.conditional()) {
            throw new IllegalArgumentException("the run is unconditional: it takes no condition");
        }
        int classes = config.spec().condition().classes();
        int expected = classes > 0 ? 1 : config.condition().dimension();
        if (raw.cols() != expected) {
            throw new IllegalArgumentException("a condition of this run has " + expected + " value"
                    + (expected == 1 ? "" : "s") + (classes > 0 ? " (the class label)" : "") + ", got " + raw.cols());
        }
        for (int i = 0; i < raw.values().length; i++) {
            if (!Float.isFinite(raw.values()[i])) {
                throw new IllegalArgumentException(
                        "condition row " + (i / raw.cols() + 1) + ": " + raw.values()[i] + " is not a finite number");
            }
        }
        DataMatrix encoded = classes > 0 ? ClassLabels.oneHot(raw, classes) : raw;
        Standardization scale = config.condition().standardization();
        return scale == null ? encoded : scale.apply(encoded);
    }

    /**
     * The data set a run was trained on, opened again; null when it is not needed. In-memory data cannot be
     * reopened: the caller must pass them.
     */
    static Dataset reopen(RunConfig config, Path run, boolean needed) throws IOException {
        if (!needed) {
            return null;
        }
        if (config.spec().data().source().equals(DataSpec.IN_MEMORY)) {
            throw new IllegalArgumentException(run + " was trained on in-memory data: pass the pool to "
                    + "distill(spec, pool, listener)" + (config.conditional() ? "" : ", or draw the pairs from noise"));
        }
        return open(config.spec(), config.spec().data().source());
    }

    /** A pool's points and, for a conditional run, its encoded conditions (null otherwise). */
    record Split(DataMatrix points, DataMatrix conditions) {}

    /** Rows as trained (conditions in their columns; null rows stay null) → points and encoded conditions. */
    static Split split(RunConfig config, DataMatrix joint, List<String> header) {
        if (joint == null || !config.conditional()) {
            return new Split(joint, null);
        }
        ConditionColumns columns =
                ConditionColumns.resolve(config.spec().condition().columns(), joint.cols(), header);
        return new Split(columns.generatedPart(joint), encode(config, columns.conditionPart(joint)));
    }
}
