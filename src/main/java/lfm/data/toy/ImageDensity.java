package lfm.data.toy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import lfm.data.DataFormatException;
import lfm.data.PointSampler;

/**
 * A 2D density drawn from an image, the recipe of the paper's 2D experiments: darker pixels carry
 * more mass. Each pixel's mass is 1 − g, where g ∈ [0, 1] is its grey level (luminance
 * 0.299 R + 0.587 G + 0.114 B) composited over white by its alpha, so transparent pixels are empty.
 * A point picks a pixel with probability ∝ mass, sits at the pixel's centre and gets Gaussian jitter
 * of half a pixel. The longer image side spans [−4, 4]; the shorter is centred with the aspect ratio
 * kept; the image's top is at +y.
 */
public final class ImageDensity implements PointSampler {
    private static final double HALF_EXTENT = 4;

    private final int width;
    private final double pixelSize;
    private final double originX;
    private final double originY;
    private final double[] cumulative;   // over pixels in row-major order, last entry 1

    private ImageDensity(int width, int height, double[] cumulative) {
        this.width = width;
        this.pixelSize = 2 * HALF_EXTENT / Math.max(width, height);
        this.originX = -width * pixelSize / 2;
        this.originY = height * pixelSize / 2;
        this.cumulative = cumulative;
    }

    /** Reads a PNG (or any format ImageIO reads) and builds its density. */
    public static ImageDensity read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw DataFormatException.in(file, "not a readable image (PNG expected)");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        double[] cumulative = new double[width * height];
        double total = 0;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                total += mass(image.getRGB(col, row));
                cumulative[row * width + col] = total;
            }
        }
        if (!(total > 0)) {
            throw DataFormatException.in(file, "the image is blank (all white or transparent): no mass to sample");
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= total;
        }
        cumulative[cumulative.length - 1] = 1;
        return new ImageDensity(width, height, cumulative);
    }

    /** 1 − grey level over white, from a packed ARGB pixel. */
    static double mass(int argb) {
        double alpha = ((argb >>> 24) & 0xFF) / 255.0;
        double red = (argb >>> 16) & 0xFF;
        double green = (argb >>> 8) & 0xFF;
        double blue = argb & 0xFF;
        double grey = (0.299 * red + 0.587 * green + 0.114 * blue) / 255.0;
        return alpha * (1 - grey);
    }

    @Override
    public void sample(float[] uniforms, float[] normals, float[] point) {
        // Two uniforms make a 48-bit position in the cumulative mass, enough for very large images.
        double u = uniforms[0] + (uniforms[1] - 0.5) * 0x1p-23;   // Philox uniforms step by 2⁻²³
        int k = Arrays.binarySearch(cumulative, u);
        k = k >= 0 ? k : Math.min(-k - 1, cumulative.length - 1);
        int row = k / width;
        int col = k % width;
        point[0] = (float) (originX + (col + 0.5) * pixelSize + 0.5 * pixelSize * normals[0]);
        point[1] = (float) (originY - (row + 0.5) * pixelSize + 0.5 * pixelSize * normals[1]);
    }
}
