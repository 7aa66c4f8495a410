package lfm.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import lfm.data.DataMatrix;
import lfm.nn.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridsTest {
    @TempDir
    Path folder;

    @Test
    void gridsHaveTheirSizeAndPixels() throws IOException {
        ImageShape image = new ImageShape(8, 8, 1);
        DataMatrix ones = new DataMatrix(64, 64, filled(64 * 64, 1f));
        DataMatrix zeros = new DataMatrix(10, 64, filled(10 * 64, -1f));
        Path samples = folder.resolve("samples.png");
        ImageGrids.realVersusGenerated(samples, ones, zeros, image, 8, "t");
        BufferedImage read = ImageIO.read(samples.toFile());
        int[] size = ImageGrids.samplesSize(image, 8);
        assertEquals(size[0], read.getWidth());
        assertEquals(size[1], read.getHeight());
        int scale = ImageGrids.scale(image, 8);
        assertEquals(7, scale);
        assertEquals(
                0xFFFFFF, read.getRGB(ImageGrids.GAP + 3, ImageGrids.LABEL_HEIGHT + ImageGrids.GAP + 3) & 0xFFFFFF);
        int right = size[0] / 2 + ImageGrids.SEPARATION / 2 + ImageGrids.GAP + 3;
        assertEquals(
                0, read.getRGB(right, ImageGrids.LABEL_HEIGHT + ImageGrids.GAP + 3) & 0xFFFFFF, "generated: black");

        ImageGrids.blockRows(folder.resolve("blocks.png"), List.of(ones, zeros, zeros), image, 8, "t");
        int[] blocks = ImageGrids.gridSize(image, 3, 8);
        BufferedImage strip = ImageIO.read(folder.resolve("blocks.png").toFile());
        assertEquals(blocks[0], strip.getWidth());
        assertEquals(blocks[1] + ImageGrids.LABEL_HEIGHT, strip.getHeight());

        ImageGrids.eachImage(folder.resolve("each"), zeros, image);
        assertEquals(10, Files.list(folder.resolve("each")).count());
        BufferedImage single = ImageIO.read(folder.resolve("each/000009.png").toFile());
        assertEquals(8, single.getWidth());
        assertEquals(8, single.getHeight());
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
