package lfm.data;

import java.util.List;
import java.util.Optional;
import lfm.nn.ImageShape;

/**
 * A data set the engine trains on and evaluates against. Open one with {@link Datasets#open}.
 *
 * <p>Two kinds:
 * <ul>
 * <li>Samplers (the built-in 2D sets, PNG densities): unlimited. {@code train(n, seed)} and
 *     {@code test(n, seed)} draw n ≥ 1 fresh points; for the same seed the two never share draws, and
 *     the first k points of a larger draw equal a draw of k points.</li>
 * <li>Files (CSV/NPY, MAF benchmarks): fixed splits. {@code n ≤ 0} or {@code n ≥ size} returns the
 *     whole split; a smaller n returns a seeded subsample without replacement.</li>
 * </ul>
 */
public interface Dataset {

    /** Short name for logs and run metadata, e.g. "tree", "power", "data.csv". */
    String name();

    /** D, the number of coordinates per point. */
    int dimension();

    /** Training points, shape (n, D) (or the whole split, see the class comment). */
    DataMatrix train(int n, long seed);

    /** Test points, shape (n, D), never overlapping the training draw or split. */
    DataMatrix test(int n, long seed);

    /** The fixed validation split where the data set defines one (MAF benchmarks). */
    default Optional<DataMatrix> validation() {
        return Optional.empty();
    }

    /**
     * Whether the trainer should fit a {@link Standardization} on the training split and train in
     * standardised coordinates: true for generic CSV/NPY, false for the built-in 2D sets and for MAF
     * benchmarks (already standardised by their loader, as MAF does).
     */
    boolean standardize();

    /** The units NLL is reported in for this data set. */
    Units units();

    /** The shape of one image when every point is an image flattened in NHWC order (image data sets). */
    default Optional<ImageShape> imageShape() {
        return Optional.empty();
    }

    /** The column names where the data carry them (a CSV header), else an empty list. */
    default List<String> columnNames() {
        return List.of();
    }

    /** Number of rows in the training split, or −1 for unlimited samplers. */
    default int trainSize() {
        return -1;
    }
}
