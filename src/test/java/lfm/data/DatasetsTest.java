package lfm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import lfm.data.format.NpyWriter;
import lfm.data.toy.ImageFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path folder;

    @Test
    void builtInNamesAreCaseInsensitive() throws IOException {
        Dataset tree = Datasets.open("Branching-Tree");
        assertEquals("branching-tree", tree.name());
        assertFalse(tree.standardize());
        assertEquals(Units.ORIGINAL, tree.units());
        assertTrue(tree.validation().isEmpty());
    }

    /** rose and tree were renamed (they are procedural, not the paper's images); the old names still work. */
    @Test
    void theOldNamesOfTheProceduralShapesStillWorkWithANotice() throws IOException {
        assertEquals("rose-curve", Datasets.open("rose").name());
        assertEquals("branching-tree", Datasets.open("Tree").name());
        assertEquals(
                Datasets.open("rose-curve").train(50, 3), Datasets.open("rose").train(50, 3));
        assertEquals("rose-curve", Datasets.currentName("Rose"));
        assertEquals("moons", Datasets.currentName("moons"));
        assertEquals(
                "note: 'rose' is now called 'rose-curve': a procedural rose curve, not the paper's drawn rose (to "
                        + "train on the paper's image, pass its PNG with --image-fit stretch)",
                Datasets.renameNotice("rose").get());
        assertTrue(Datasets.renameNotice("tree").get().contains("'branching-tree': a procedural branching tree"));
        assertTrue(Datasets.renameNotice("rose-curve").isEmpty());
    }

    @Test
    void unknownNamesListWhatIsAccepted() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Datasets.open("trees"));
        assertTrue(
                error.getMessage()
                        .startsWith("unknown data set 'trees': expected a built-in set (branching-tree, rose-curve, "),
                error.getMessage());
        assertTrue(error.getMessage().contains("power:PATH"), error.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> Datasets.open("power"));
        assertTrue(bare.getMessage().startsWith("power needs the path of its files"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.open("gas:"));
    }

    @Test
    void missingFilesAreNoSuchFile() {
        assertThrows(
                NoSuchFileException.class,
                () -> Datasets.open(folder.resolve("nope.csv").toString()));
        assertThrows(
                NoSuchFileException.class,
                () -> Datasets.open(folder.resolve("nope.png").toString()));
        assertThrows(NoSuchFileException.class, () -> Datasets.open("power:" + folder.resolve("nowhere")));
    }

    @Test
    void pngDarkPixelsCarryTheMass() throws IOException {
        // 40 × 20 white image, black block in columns 30–39 of rows 0–9 (top right), grey block bottom left.
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 20);
        g.setColor(Color.BLACK);
        g.fillRect(30, 0, 10, 10);
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 10, 10, 10);
        g.dispose();
        Path png = folder.resolve("shape.png");
        ImageIO.write(image, "png", png.toFile());

        DataMatrix points = Datasets.open(png.toString()).train(20_000, 1);
        int topRight = 0;
        int bottomLeft = 0;
        for (int i = 0; i < points.rows(); i++) {
            float x = points.get(i, 0);
            float y = points.get(i, 1);
            assertTrue(Math.abs(x) < 4.5 && Math.abs(y) < 2.5, "inside the image's extent: " + x + ", " + y);
            // Pixel side 8/40 = 0.2, jitter σ = 0.1: blocks span x ∈ [2, 4], y ∈ [0, 2] and x ∈ [−4, −2], y ∈ [−2, 0].
            if (x > 1.5 && y > -0.5) {
                topRight++;
            } else if (x < -1.5 && y < 0.5) {
                bottomLeft++;
            }
        }
        assertEquals(points.rows(), topRight + bottomLeft, "no mass on white pixels");
        // Black pixels carry mass 1, grey (128) ≈ 0.498.
        assertEquals(1 / (1 - 128 / 255.0), topRight / (double) bottomLeft, 0.1);
    }

    /**
     * The authors' fit: both axes stretched to [−4, 4] and mass max − grey. On a light grey background
     * (200) the background is empty, black carries 200 and grey (128) 72; the 40 × 20 image's pixels are
     * 0.2 wide and 0.4 tall.
     */
    @Test
    void stretchFitsBothAxesAndWeighsByMaxMinusGrey() throws IOException {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, 40, 20);
        g.setColor(Color.BLACK);
        g.fillRect(30, 0, 10, 10);
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 10, 10, 10);
        g.dispose();
        Path png = folder.resolve("grey.png");
        ImageIO.write(image, "png", png.toFile());

        String spec = Datasets.withImageFit(png.toString(), ImageFit.STRETCH);
        assertEquals("stretch:" + png, spec);
        Dataset stretched = Datasets.open(spec);
        assertEquals("grey.png (stretch)", stretched.name());
        DataMatrix points = stretched.train(20_000, 1);
        int topRight = 0;
        int bottomLeft = 0;
        double highest = 0;
        for (int i = 0; i < points.rows(); i++) {
            float x = points.get(i, 0);
            float y = points.get(i, 1);
            // Blocks: x ∈ [2, 4], y ∈ [0, 4] and x ∈ [−4, −2], y ∈ [−4, 0]; jitter σ = 0.1 in x, 0.2 in y.
            if (x > 1.5 && y > -1) {
                topRight++;
                highest = Math.max(highest, y);
            } else if (x < -1.5 && y < 1) {
                bottomLeft++;
            }
        }
        assertEquals(points.rows(), topRight + bottomLeft, "the brightest grey (the background) carries no mass");
        assertEquals(200 / 72.0, topRight / (double) bottomLeft, 0.15);
        assertTrue(highest > 3.5, "the image's top row reaches y = 4: " + highest);
        // The default fit keeps the aspect ratio (y within ±2) and gives the background mass 1 − 200/255.
        DataMatrix kept = Datasets.open("keep:" + png).train(2_000, 1);
        for (int i = 0; i < kept.rows(); i++) {
            assertTrue(Math.abs(kept.get(i, 1)) < 2.5, "aspect ratio kept: " + kept.get(i, 1));
        }
        assertEquals(kept, Datasets.open(png.toString()).train(2_000, 1));
    }

    @Test
    void imageFitsApplyToImagesOnly() {
        assertEquals("stretch:a.png", Datasets.withImageFit("Stretch:a.png", ImageFit.STRETCH));
        assertEquals("a.png", Datasets.withImageFit("a.png", ImageFit.KEEP));
        assertEquals(
                "--image-fit applies to image data (PATH.png), not 'moons'",
                assertThrows(IllegalArgumentException.class, () -> Datasets.withImageFit("moons", ImageFit.STRETCH))
                        .getMessage());
        assertEquals(
                "--image-fit keep contradicts --data stretch:a.png",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Datasets.withImageFit("stretch:a.png", ImageFit.KEEP))
                        .getMessage());
        assertEquals(
                "stretch: applies to image data (PATH.png), not 'a.csv'",
                assertThrows(IllegalArgumentException.class, () -> Datasets.open("stretch:a.csv"))
                        .getMessage());
        assertEquals(
                "--image-fit must be keep or stretch, got 'fill'",
                assertThrows(IllegalArgumentException.class, () -> ImageFit.parse("fill"))
                        .getMessage());
    }

    @Test
    void blankImagesAreAnError() throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB); // fully transparent
        Path png = folder.resolve("blank.png");
        ImageIO.write(image, "png", png.toFile());
        assertTrue(assertThrows(DataFormatException.class, () -> Datasets.open(png.toString()))
                .getMessage()
                .contains("blank"));
    }

    @Test
    void csvIsSplitNinetyTenOnceAndForAll() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 105; i++) {
            csv.append(i).append(',').append(-i).append('\n');
        }
        Path file = folder.resolve("table.csv");
        Files.writeString(file, csv);
        Dataset data = Datasets.open(file.toString());
        assertInstanceOf(TabularDataset.class, data);
        assertTrue(data.standardize());
        DataMatrix train = data.train(0, 1);
        DataMatrix test = data.test(-1, 1);
        assertEquals(95, train.rows());
        assertEquals(10, test.rows());
        Set<Float> seen = new HashSet<>();
        for (DataMatrix split : List.of(train, test)) {
            for (int i = 0; i < split.rows(); i++) {
                assertTrue(seen.add(split.get(i, 0)), "rows are disjoint");
            }
        }
        assertEquals(test, Datasets.open(file.toString()).test(0, 99), "the split does not depend on the seed");
        assertEquals(20, data.train(20, 3).rows());
    }

    @Test
    void explicitTestFilesAreUsedWhole() throws IOException {
        Path train = folder.resolve("train.npy");
        Path test = folder.resolve("test.csv");
        NpyWriter.write(train, DataMatrix.of(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6}));
        Files.writeString(test, "7,8\n");
        Dataset data = Datasets.open(train.toString(), test);
        assertEquals(3, data.train(0, 0).rows());
        assertEquals(DataMatrix.of(new float[] {7, 8}), data.test(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Datasets.open("tree", test));
        Files.writeString(test, "7,8,9\n");
        assertTrue(assertThrows(DataFormatException.class, () -> Datasets.open(train.toString(), test))
                .getMessage()
                .contains("3 columns"));
    }
}
