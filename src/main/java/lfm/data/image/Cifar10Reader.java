package lfm.data.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lfm.data.DataFormatException;
import lfm.nn.ImageShape;

/**
 * CIFAR-10's binary version ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}):
 * records of 1 label byte (0–9) and 3,072 pixel bytes, the red plane (32 rows of 32), then green, then
 * blue. Read into NHWC order (pixel (y, x) holds r, g, b together). Files may be gzip-compressed.
 */
public final class Cifar10Reader {
    /** Bytes of one record: label + 3·32·32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    public static final ImageShape SHAPE = new ImageShape(32, 32, 3);

    private Cifar10Reader() {}

    /** The records of every file, in order. */
    public static ImageSet read(List<Path> files) throws IOException {
        int plane = SHAPE.pixels();
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        for (Path file : files) {
            byte[] bytes = IdxReader.readAll(file);
            if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                throw DataFormatException.in(
                        file,
                        bytes.length + " bytes is not a whole number of CIFAR-10 records of " + RECORD_BYTES
                                + " bytes (1 label + 3,072 pixels): truncated or not CIFAR-10 binary?");
            }
            byte[] image = new byte[SHAPE.size()];
            for (int start = 0; start < bytes.length; start += RECORD_BYTES) {
                int label = bytes[start] & 0xFF;
                if (label > 9) {
                    throw DataFormatException.atRow(
                            file,
                            start / RECORD_BYTES + 1,
                            "label " + label
                                    + " is not a CIFAR-10 class (0–9): not CIFAR-10 binary (CIFAR-100 has 2 label bytes)?");
                }
                labels.add(label);
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) {
                        image[p * 3 + c] = bytes[start + 1 + c * plane + p];
                    }
                }
                pixels.write(image);
            }
        }
        return new ImageSet(
                SHAPE,
                255,
                pixels.toByteArray(),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
