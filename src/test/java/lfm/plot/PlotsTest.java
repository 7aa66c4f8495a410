package lfm.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lfm.data.DataMatrix;
import lfm.data.toy.ToyDistributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path folder;

    private final DataMatrix moons = ToyDistributions.byName("moons").train(5000, 1);

    @Test
    void dataVersusSamplesHasTwoPanelsOfDensity() throws IOException {
        Path file = folder.resolve("versus.png");
        Plots.dataVersusSamples(file, moons, ToyDistributions.byName("moons").test(5000, 1), "moons");
        BufferedImage image = read(file, 2 * HistogramPanel.WIDTH);
        // Both plot areas hold density colours (the viridis ramp, not white) at their centres' rows.
        for (int panel = 0; panel < 2; panel++) {
            int left = panel * HistogramPanel.WIDTH + HistogramPanel.LEFT;
            int top = Figure.TITLE_HEIGHT + HistogramPanel.TOP;
            assertTrue(colouredFraction(image, left, top, HistogramPanel.SIZE) > 0.99, "panel " + panel + " is drawn");
            assertTrue(
                    distinctColours(image, left, top, HistogramPanel.SIZE) > 10, "panel " + panel + " shows a range");
        }
        assertNoTemporaryFiles();
    }

    @Test
    void snapshotGridWrapsAfterFivePanelsIntoBalancedRows() throws IOException {
        List<DataMatrix> pools = new ArrayList<>();
        for (int block = 0; block < 6; block++) {
            pools.add(ToyDistributions.byName("moons").train(2000, block));
        }
        Path file = folder.resolve("blocks.png");
        Plots.blockSnapshots(file, moons, pools, "moons: pool after each block");
        // Data + six pools = seven panels: two rows of four, not five and two.
        BufferedImage image = read(file, 4 * HistogramPanel.WIDTH);
        assertEquals(Figure.TITLE_HEIGHT + 2 * HistogramPanel.HEIGHT + Figure.CAPTION_HEIGHT, image.getHeight());
    }

    @Test
    void lossCurvesAndSinglePointSetsAreWritten() throws IOException {
        List<LossCurve> curves = List.of(
                LossCurve.of("block 1", List.of(1L, 2L, 3L, 4L), List.of(1.0, 0.5, 0.25, 0.2)),
                LossCurve.of("block 2", List.of(1L, 2L, 3L), List.of(0.3, 0.0, 0.1)));
        Path loss = folder.resolve("loss.png");
        Plots.lossCurves(loss, curves, "loss");
        read(loss, LossPlot.WIDTH);
        DataMatrix wide = new DataMatrix(500, 4, new float[2000]);
        for (int k = 0; k < 2000; k++) {
            wide.values()[k] = (float) Math.sin(k);
        }
        Path single = folder.resolve("sub").resolve("samples.png");
        Plots.points(single, wide, "samples");
        read(single, HistogramPanel.WIDTH);
        assertEquals("samples (first 2 of 4 coordinates)", Plots.withDimensionNote("samples", 4));
        assertEquals("samples", Plots.withDimensionNote("samples", 2));
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Plots.dataVersusSamples(folder.resolve("x.png"), moons, DataMatrix.zeros(3, 3), "x"));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(folder.resolve("y.png"), List.of(), "y"));
    }

    @Test
    void ticksAreNiceAndLabelsShort() {
        assertEquals(List.of(-4.0, -2.0, 0.0, 2.0, 4.0), Ticks.linear(-4.4, 4.4, 4));
        assertEquals(List.of(0.001, 0.01, 0.1, 1.0), Ticks.logarithmic(0.0005, 3));
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0), Ticks.logarithmic(0.09, 1.5));
        assertEquals("2", Ticks.label(2, 1));
        assertEquals("0.25", Ticks.label(0.25, 0.05));
        assertEquals("1e-5", Ticks.label(1e-5, 1e-5));
        assertEquals("100000", Ticks.label(100000, 20000));
    }

    @Test
    void histogramCountsPointsInTheirBins() {
        DataMatrix points = DataMatrix.of(
                new float[] {0.1f, 0.1f}, new float[] {0.2f, 0.3f}, new float[] {0.9f, 0.9f}, new float[] {5, 5});
        Histogram2D histogram = new Histogram2D(points, new Extent(0, 1, 0, 1), 2);
        assertEquals(2, histogram.count(0, 0));
        assertEquals(1, histogram.count(1, 1));
        assertEquals(0, histogram.count(1, 0));
        assertEquals(2, histogram.maximum());
    }

    private static BufferedImage read(Path file, int width) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth(), "width of " + file.getFileName());
        return image;
    }

    private static double colouredFraction(BufferedImage image, int left, int top, int size) {
        int coloured = 0;
        for (int x = left + 2; x < left + size - 2; x++) {
            if ((image.getRGB(x, top + size / 2) & 0xFFFFFF) != 0xFFFFFF) {
                coloured++;
            }
        }
        return coloured / (double) (size - 4);
    }

    private static long distinctColours(BufferedImage image, int left, int top, int size) {
        return java.util.stream.IntStream.range(0, size * size)
                .map(k -> image.getRGB(left + k % size, top + k / size))
                .distinct()
                .count();
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
