package lfm.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.data.DataMatrix;

/**
 * The engine's PNG charts. Every method writes its file atomically (temporary file + rename).
 * Point sets are shown as 2D histograms with a logarithmic viridis colour scale (log(1 + count)),
 * which shows both dense cores and sparse tails. For data with D > 2 the first two coordinates are
 * plotted and the title says so.
 */
public final class Plots {
    /** Panels per row in snapshot strips before wrapping to a new row. */
    public static final int PANELS_PER_ROW = 5;

    private static final String COLOUR_NOTE = "colour: log(1 + count) per bin";

    private Plots() {}

    /**
     * Side-by-side histograms "data" and "samples" over the same extent (around the data) and the
     * same number of bins, so they compare at a glance.
     */
    public static void dataVersusSamples(Path file, DataMatrix data, DataMatrix samples, String title)
            throws IOException {
        checkSameDimension(data, samples);
        Extent extent = Extent.around(data);
        int bins = Histogram2D.binsFor(Math.min(data.rows(), samples.rows()));
        Figure figure = new Figure(
                2 * HistogramPanel.WIDTH, Figure.TITLE_HEIGHT + HistogramPanel.HEIGHT + Figure.CAPTION_HEIGHT);
        figure.title(withDimensionNote(title, data.cols()));
        HistogramPanel.draw(figure, 0, Figure.TITLE_HEIGHT, data, extent, bins, "data (" + data.rows() + " points)");
        HistogramPanel.draw(
                figure,
                HistogramPanel.WIDTH,
                Figure.TITLE_HEIGHT,
                samples,
                extent,
                bins,
                "samples (" + samples.rows() + " points)");
        figure.caption(COLOUR_NOTE + "; both panels share extent and bins");
        figure.save(file);
    }

    /**
     * A strip of panels showing how the blocks carry data to noise: panel 0 is the data (titled
     * "data"), panel n the training pool after block n (titled "block n"). All panels share one
     * extent, the union of the data's and the final pool's, so the spreading towards N(0, I) shows.
     */
    public static void blockSnapshots(Path file, DataMatrix data, List<DataMatrix> pushedPools, String title)
            throws IOException {
        List<Snapshot> snapshots = new ArrayList<>();
        snapshots.add(new Snapshot("data", data));
        for (int n = 0; n < pushedPools.size(); n++) {
            snapshots.add(new Snapshot("block " + (n + 1), pushedPools.get(n)));
        }
        snapshots(file, snapshots, title);
    }

    /** Panels with their own titles, sharing one extent (the union of the first and last panels'). */
    public static void snapshots(Path file, List<Snapshot> snapshots, String title) throws IOException {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshots to plot");
        }
        DataMatrix first = snapshots.get(0).points();
        DataMatrix last = snapshots.get(snapshots.size() - 1).points();
        checkSameDimension(first, last);
        Extent extent = union(Extent.around(first), Extent.around(last));
        int bins = Histogram2D.binsFor(first.rows());
        // Balanced grid: as few rows as PANELS_PER_ROW allows, then as few columns as those rows need
        // (6 panels give 2 × 3, not 5 + 1).
        int rows = (snapshots.size() + PANELS_PER_ROW - 1) / PANELS_PER_ROW;
        int columns = (snapshots.size() + rows - 1) / rows;
        Figure figure = new Figure(
                columns * HistogramPanel.WIDTH,
                Figure.TITLE_HEIGHT + rows * HistogramPanel.HEIGHT + Figure.CAPTION_HEIGHT);
        figure.title(withDimensionNote(title, first.cols()));
        for (int k = 0; k < snapshots.size(); k++) {
            Snapshot snapshot = snapshots.get(k);
            HistogramPanel.draw(
                    figure,
                    (k % columns) * HistogramPanel.WIDTH,
                    Figure.TITLE_HEIGHT + (k / columns) * HistogramPanel.HEIGHT,
                    snapshot.points(),
                    extent,
                    bins,
                    snapshot.title());
        }
        figure.caption(COLOUR_NOTE + "; all panels share extent and bins");
        figure.save(file);
    }

    /** One set alone (for {@code lfm sample --png}). */
    public static void points(Path file, DataMatrix points, String title) throws IOException {
        Extent extent = Extent.around(points);
        Figure figure =
                new Figure(HistogramPanel.WIDTH, Figure.TITLE_HEIGHT + HistogramPanel.HEIGHT + Figure.CAPTION_HEIGHT);
        figure.title(withDimensionNote(title, points.cols()));
        HistogramPanel.draw(
                figure,
                0,
                Figure.TITLE_HEIGHT,
                points,
                extent,
                Histogram2D.binsFor(points.rows()),
                points.rows() + " points");
        figure.caption(COLOUR_NOTE);
        figure.save(file);
    }

    /** Loss per step for each block on a log axis, one colour per block, with a legend. */
    public static void lossCurves(Path file, List<LossCurve> curves, String title) throws IOException {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no loss curves to plot");
        }
        Figure figure = new Figure(LossPlot.WIDTH, LossPlot.HEIGHT);
        figure.title(title);
        LossPlot.draw(figure, curves);
        figure.save(file);
    }

    /** "title" for 2D data; "title (first 2 of D coordinates)" otherwise. */
    static String withDimensionNote(String title, int dimension) {
        if (dimension == 2) {
            return title;
        }
        if (dimension == 1) {
            return title + " (1-D data: coordinate 1 on both axes)";
        }
        return title + " (first 2 of " + dimension + " coordinates)";
    }

    /** The smallest square extent holding both. */
    private static Extent union(Extent a, Extent b) {
        double xMin = Math.min(a.xMin(), b.xMin());
        double xMax = Math.max(a.xMax(), b.xMax());
        double yMin = Math.min(a.yMin(), b.yMin());
        double yMax = Math.max(a.yMax(), b.yMax());
        double half = Math.max(xMax - xMin, yMax - yMin) / 2;
        double centreX = (xMin + xMax) / 2;
        double centreY = (yMin + yMax) / 2;
        return new Extent(centreX - half, centreX + half, centreY - half, centreY + half);
    }

    private static void checkSameDimension(DataMatrix a, DataMatrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("cannot compare " + a.cols() + "-D and " + b.cols() + "-D points");
        }
    }
}
