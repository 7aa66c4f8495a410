package lfm.data.toy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import lfm.data.DataFormatException;
import lfm.data.PointSampler;

/**
 * A 2D density drawn from an image, the recipe of the paper's 2D experiments: darker pixels carry
 * more mass. A pixel's grey level g ∈ [0, 255] is its luminance 0.299 R + 0.587 G + 0.114 B composited
 * over white by its alpha (transparent pixels are white). A point picks a pixel with probability ∝ its
 * mass, sits at the pixel's centre and gets Gaussian jitter of half a pixel along each axis; the
 * image's top is at +y. Where the pixels sit and what mass they carry depends on the {@link ImageFit}:
 * <ul>
 * <li>KEEP: mass 1 − g/255; square pixels, the longer side spanning [−4, 4] and the shorter centred.</li>
 * <li>STRETCH: mass max(g) − g over the image; the width and the height each span [−4, 4] (pixels
 *     8/W wide and 8/H tall).</li>
 * </ul>
 */
public final class ImageDensity implements PointSampler {
    private static final double HALF_EXTENT = 4;
    /** Largest image read, in pixels (2²⁵: the density takes 8 bytes per pixel, the decoded image 4). */
    static final long MAX_PIXELS = 1L << 25;

    private final int width;
    private final double pixelWidth;
    private final double pixelHeight;
    private final double originX; // left edge
    private final double originY; // top edge
    private final double[] cumulative; // over pixels in row-major order, last entry 1

    private ImageDensity(int width, int height, ImageFit fit, double[] cumulative) {
        this.width = width;
        if (fit == ImageFit.STRETCH) {
            this.pixelWidth = 2 * HALF_EXTENT / width;
            this.pixelHeight = 2 * HALF_EXTENT / height;
        } else {
            this.pixelWidth = 2 * HALF_EXTENT / Math.max(width, height);
            this.pixelHeight = pixelWidth;
        }
        this.originX = -width * pixelWidth / 2;
        this.originY = height * pixelHeight / 2;
        this.cumulative = cumulative;
    }

    /** Reads an image with the default fit, {@link ImageFit#KEEP}. */
    public static ImageDensity read(Path file) throws IOException {
        return read(file, ImageFit.KEEP);
    }

    /** Reads a PNG (or any format ImageIO reads) and builds its density. */
    public static ImageDensity read(Path file, ImageFit fit) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage image = decode(file);
        int width = image.getWidth();
        int height = image.getHeight();
        double brightest = 0;
        if (fit == ImageFit.STRETCH) {
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    brightest = Math.max(brightest, grey(image.getRGB(col, row)));
                }
            }
        }
        double[] cumulative = new double[width * height];
        double total = 0;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double grey = grey(image.getRGB(col, row));
                total += fit == ImageFit.STRETCH ? brightest - grey : 1 - grey / 255;
                cumulative[row * width + col] = total;
            }
        }
        if (!(total > 0)) {
            throw DataFormatException.in(
                    file,
                    "the image is blank ("
                            + (fit == ImageFit.STRETCH ? "one grey level everywhere" : "all white or transparent")
                            + "): no mass to sample");
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= total;
        }
        cumulative[cumulative.length - 1] = 1;
        return new ImageDensity(width, height, fit, cumulative);
    }

    /**
     * Decodes the image after checking its size from the header (a PNG's IHDR), so a hostile file that
     * declares a huge image fails before any pixel memory is taken. Decoder failures, which ImageIO
     * reports without the file name (or as unchecked exceptions on corrupt data), become one line
     * naming the file.
     */
    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw DataFormatException.in(file, "not a readable image (PNG expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
                    throw DataFormatException.in(
                            file,
                            "the image is " + width + " × " + height + " pixels; at most " + MAX_PIXELS
                                    + " pixels (e.g. 5,792 × 5,792) are read");
                }
                return reader.read(0);
            } catch (IOException | RuntimeException corrupt) {
                if (corrupt instanceof DataFormatException known) {
                    throw known;
                }
                throw DataFormatException.in(
                        file, "cannot decode the image (" + reader.getFormatName() + "): " + firstLine(corrupt));
            } finally {
                reader.dispose();
            }
        }
    }

    private static String firstLine(Exception error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Grey level in [0, 255] of a packed ARGB pixel, composited over white. */
    static double grey(int argb) {
        double alpha = ((argb >>> 24) & 0xFF) / 255.0;
        double red = (argb >>> 16) & 0xFF;
        double green = (argb >>> 8) & 0xFF;
        double blue = argb & 0xFF;
        double luminance = 0.299 * red + 0.587 * green + 0.114 * blue;
        return 255 - alpha * (255 - luminance);
    }

    @Override
    public void sample(float[] uniforms, float[] normals, float[] point) {
        // Two uniforms make a 48-bit position in the cumulative mass, enough for very large images.
        double u = uniforms[0] + (uniforms[1] - 0.5) * 0x1p-23; // Philox uniforms step by 2⁻²³
        int k = Arrays.binarySearch(cumulative, u);
        k = k >= 0 ? k : Math.min(-k - 1, cumulative.length - 1);
        int row = k / width;
        int col = k % width;
        point[0] = (float) (originX + (col + 0.5) * pixelWidth + 0.5 * pixelWidth * normals[0]);
        point[1] = (float) (originY - (row + 0.5) * pixelHeight + 0.5 * pixelHeight * normals[1]);
    }
}
