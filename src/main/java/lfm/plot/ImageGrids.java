package lfm.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lfm.data.DataMatrix;
import lfm.io.AtomicFiles;
import lfm.nn.ImageShape;

/**
 * Pictures of image data: rows of a (N, H·W·C) matrix in NHWC order with values in [−1, 1] (values
 * outside are clipped), drawn as tiles of {@code scale}×{@code scale} screen pixels per image pixel
 * (grey for C = 1, RGB for C = 3, the first channel for other C) with a {@value #GAP}-pixel gap.
 * <ul>
 *   <li>{@link #realVersusGenerated}: samples.png, a grid of real images (left) beside a grid of
 *       generated ones (right), {@code columns}×{@code columns} each;</li>
 *   <li>{@link #blockRows}: blocks.png, one row per starting image and one column per stage: the data,
 *       then the same image after each block (data → noise).</li>
 * </ul>
 */
public final class ImageGrids {
    /** Screen pixels between tiles. */
    public static final int GAP = 2;
    /** Screen pixels between the two grids of samples.png. */
    public static final int SEPARATION = 24;
    /** Height of the title band above the grids (panel names). */
    public static final int LABEL_HEIGHT = 40;
    /** About this many screen pixels per grid side. */
    private static final int GRID_TARGET = 448;

    private ImageGrids() {}

    /** Screen pixels per image pixel for a grid of {@code columns} images of {@code image} per row (≥ 1). */
    public static int scale(ImageShape image, int columns) {
        return Math.max(1, GRID_TARGET / (columns * Math.max(image.height(), image.width())));
    }

    /** Width and height in pixels of one grid of columns × rows images. */
    public static int[] gridSize(ImageShape image, int columns, int rows) {
        int scale = scale(image, columns);
        return new int[] {columns * (image.width() * scale + GAP) + GAP, rows * (image.height() * scale + GAP) + GAP};
    }

    /** Width and height in pixels of samples.png for grids of columns × columns. */
    public static int[] samplesSize(ImageShape image, int columns) {
        int[] grid = gridSize(image, columns, columns);
        return new int[] {2 * grid[0] + SEPARATION, grid[1] + LABEL_HEIGHT};
    }

    /**
     * samples.png: real images beside generated ones, the first columns² rows of each (fewer rows leave
     * the grid's end empty).
     */
    public static void realVersusGenerated(
            Path file, DataMatrix real, DataMatrix generated, ImageShape image, int columns, String title)
            throws IOException {
        int[] grid = gridSize(image, columns, columns);
        int[] size = samplesSize(image, columns);
        BufferedImage canvas = canvas(size[0], size[1]);
        var graphics = canvas.createGraphics();
        graphics.setColor(Color.BLACK);
        graphics.setFont(Figure.PANEL_FONT);
        graphics.drawString(title, 4, 16);
        graphics.drawString("real (" + Math.min(real.rows(), columns * columns) + ")", 4, LABEL_HEIGHT - 6);
        graphics.drawString(
                "generated (" + Math.min(generated.rows(), columns * columns) + ")",
                grid[0] + SEPARATION + 4,
                LABEL_HEIGHT - 6);
        graphics.dispose();
        tiles(canvas, 0, LABEL_HEIGHT, real, image, columns, columns);
        tiles(canvas, grid[0] + SEPARATION, LABEL_HEIGHT, generated, image, columns, columns);
        save(file, canvas);
    }

    /**
     * blocks.png: row i shows image i of the data and then row i of each stage (the pools keep their row
     * order, so the rows follow one image through the blocks).
     */
    public static void blockRows(Path file, List<DataMatrix> stages, ImageShape image, int rows, String title)
            throws IOException {
        int shown = Math.min(rows, stages.get(0).rows());
        int[] grid = gridSize(image, stages.size(), shown);
        BufferedImage canvas = canvas(grid[0], grid[1] + LABEL_HEIGHT);
        var graphics = canvas.createGraphics();
        graphics.setColor(Color.BLACK);
        graphics.setFont(Figure.PANEL_FONT);
        graphics.drawString(title, 4, 16);
        graphics.drawString("data, then after each block →", 4, LABEL_HEIGHT - 6);
        graphics.dispose();
        int scale = scale(image, stages.size());
        for (int stage = 0; stage < stages.size(); stage++) {
            for (int row = 0; row < shown; row++) {
                tile(
                        canvas,
                        GAP + stage * (image.width() * scale + GAP),
                        LABEL_HEIGHT + GAP + row * (image.height() * scale + GAP),
                        stages.get(stage),
                        row,
                        image,
                        scale);
            }
        }
        save(file, canvas);
    }

    /** Every row as one grid of ⌈√N⌉ columns, no labels (lfm sample --format png). */
    public static void grid(Path file, DataMatrix images, ImageShape image) throws IOException {
        int columns = (int) Math.ceil(Math.sqrt(images.rows()));
        int rows = (images.rows() + columns - 1) / columns;
        int[] size = gridSize(image, columns, rows);
        BufferedImage canvas = canvas(size[0], size[1]);
        tiles(canvas, 0, 0, images, image, columns, rows);
        save(file, canvas);
    }

    /**
     * Every row as its own PNG at the image's size (grey or RGB), named 000000.png, 000001.png, … in
     * {@code folder} (created if needed): the input of the standard FID tools.
     */
    public static void eachImage(Path folder, DataMatrix images, ImageShape image) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        for (int k = 0; k < images.rows(); k++) {
            BufferedImage single = new BufferedImage(
                    image.width(),
                    image.height(),
                    image.channels() == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
            tile(single, 0, 0, images, k, image, 1);
            save(folder.resolve(String.format("%06d.png", k)), single);
        }
    }

    private static BufferedImage canvas(int width, int height) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = canvas.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return canvas;
    }

    private static void tiles(
            BufferedImage canvas, int left, int top, DataMatrix images, ImageShape image, int columns, int rows) {
        int scale = scale(image, columns);
        for (int k = 0; k < Math.min(images.rows(), columns * rows); k++) {
            tile(
                    canvas,
                    left + GAP + (k % columns) * (image.width() * scale + GAP),
                    top + GAP + (k / columns) * (image.height() * scale + GAP),
                    images,
                    k,
                    image,
                    scale);
        }
    }

    /** Draws row {@code index} of {@code images} with its top-left corner at (x, y). */
    private static void tile(
            BufferedImage canvas, int x, int y, DataMatrix images, int index, ImageShape image, int scale) {
        int channels = image.channels();
        for (int py = 0; py < image.height(); py++) {
            for (int px = 0; px < image.width(); px++) {
                int base = (py * image.width() + px) * channels;
                int red = level(images.get(index, base));
                int rgb = channels == 3
                        ? (red << 16) | (level(images.get(index, base + 1)) << 8) | level(images.get(index, base + 2))
                        : (red << 16) | (red << 8) | red;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        canvas.setRGB(x + px * scale + dx, y + py * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** [−1, 1] → 0..255, clipped; NaN shows black. */
    private static int level(float value) {
        if (Float.isNaN(value)) {
            return 0;
        }
        return (int) Math.round(Math.max(0, Math.min(255, (value + 1) * 127.5)));
    }

    private static void save(Path file, BufferedImage canvas) throws IOException {
        AtomicFiles.write(file, stream -> {
            if (!javax.imageio.ImageIO.write(canvas, "png", stream)) {
                throw new IOException("no PNG writer available in this Java runtime");
            }
        });
    }
}
