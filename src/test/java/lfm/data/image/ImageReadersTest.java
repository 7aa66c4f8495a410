package lfm.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.nn.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReadersTest {
    @TempDir
    Path folder;

    @Test
    void idxReadsRawAndGzipWithLabels() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path root = ImageFiles.mnistFolder(folder.resolve("m" + gzip), 12, 5, 3, 4, gzip);
            Dataset data = Datasets.open("mnist:" + root);
            ImageDataset images = (ImageDataset) data;
            assertEquals(12, data.trainSize());
            assertEquals(new ImageShape(3, 4, 1), data.imageShape().orElseThrow());
            ImageSet train = images.trainImages(0, 1);
            assertEquals(12, train.count());
            assertEquals(7 % 10, train.labels()[7]);
            assertEquals((7 + 5) % 256, train.value(7, 5));
            DataMatrix scaled = data.train(0, 1);
            assertEquals(2f * ((7 + 5) % 256) / 255f - 1f, scaled.get(7, 5), 1e-6f);
            assertEquals(5, images.testImages(0, 1).count());
            assertEquals(10, images.classCount());
        }
    }

    @Test
    void subsamplesKeepTheirLabels() throws IOException {
        ImageDataset images = (ImageDataset)
                Datasets.open("mnist:" + ImageFiles.mnistFolder(folder.resolve("m"), 40, 5, 2, 2, false));
        ImageSet some = images.trainImages(10, 7);
        DataMatrix scaled = images.train(10, 7);
        for (int i = 0; i < 10; i++) {
            int index = (some.value(i, 0)) % 256; // image i of the split has pixel 0 = i, label i mod 10
            assertEquals(index % 10, some.labels()[i]);
            assertEquals(2f * index / 255f - 1f, scaled.get(i, 0), 1e-6f);
        }
    }

    @Test
    void idxHeadersAreCheckedAgainstTheLength() throws IOException {
        Path truncated = ImageFiles.idx(folder.resolve("short"), new int[] {10, 4, 4}, new byte[150], false);
        assertEquals(
                truncated + ": the header says 10×4×4 = 160 values, 176 bytes in all, but the file has 166 "
                        + "(truncated?)",
                message(() -> IdxReader.readImages(truncated)));
        Path trailing = ImageFiles.idx(folder.resolve("long.gz"), new int[] {2}, new byte[3], true);
        assertTrue(message(() -> IdxReader.readLabels(trailing)).endsWith("but the file has 11 (trailing bytes)"));
        Path garbled = ImageFiles.write(folder.resolve("garbled"), "hello, world".getBytes(), false);
        assertEquals(
                garbled + ": not an IDX file: the magic starts 68 65, expected 00 00",
                message(() -> IdxReader.readImages(garbled)));
        Path floats = ImageFiles.write(folder.resolve("floats"), new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0}, false);
        assertTrue(message(() -> IdxReader.readLabels(floats)).contains("IDX value type 0x0d is not supported"));
        Path labelsAsImages = ImageFiles.idx(folder.resolve("labels"), new int[] {4}, new byte[4], false);
        assertTrue(message(() -> IdxReader.readImages(labelsAsImages)).contains("1 dimensions where images need 3"));
        Path tiny = ImageFiles.write(folder.resolve("tiny"), new byte[] {0, 0}, false);
        assertTrue(message(() -> IdxReader.readImages(tiny)).contains("shorter than the 4-byte magic"));
        Path header = ImageFiles.write(folder.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0}, false);
        assertTrue(message(() -> IdxReader.readImages(header)).contains("truncated IDX header"));
        byte[] packed =
                Files.readAllBytes(ImageFiles.idx(folder.resolve("whole.gz"), new int[] {500}, new byte[500], true));
        Path cut = ImageFiles.write(folder.resolve("cut.gz"), Arrays.copyOf(packed, packed.length / 2), false);
        assertTrue(message(() -> IdxReader.readLabels(cut)).contains("broken gzip stream"));
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        Path root = ImageFiles.mnistFolder(folder.resolve("m"), 6, 3, 2, 2, false);
        ImageFiles.idx(root.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, new byte[2], false);
        String problem = assertThrows(DataFormatException.class, () -> Datasets.open("mnist:" + root))
                .getMessage();
        assertTrue(problem.endsWith("holds 2 labels but t10k-images-idx3-ubyte holds 3 images"), problem);
        Files.delete(root.resolve("train-labels-idx1-ubyte"));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Datasets.open("mnist:" + root));
        assertTrue(missing.getReason().contains("looked for train-labels-idx1-ubyte"));
    }

    @Test
    void cifarRecordsBecomeHwcImages() throws IOException {
        Path root = Files.createDirectories(folder.resolve("cifar-10-batches-bin"));
        for (String name :
                List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch")) {
            byte[] records = new byte[2 * Cifar10Reader.RECORD_BYTES];
            for (int r = 0; r < 2; r++) {
                int start = r * Cifar10Reader.RECORD_BYTES;
                records[start] = (byte) (r + 3);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 1024; p++) {
                        records[start + 1 + c * 1024 + p] = (byte) (c * 50 + p % 7);
                    }
                }
            }
            ImageFiles.write(root.resolve(name + ".bin"), records, false);
        }
        ImageDataset cifar = (ImageDataset) Datasets.open("cifar10:" + folder);
        ImageSet train = cifar.trainImages(0, 0);
        assertEquals(10, train.count());
        assertEquals(new ImageShape(32, 32, 3), train.shape());
        assertEquals(4, train.labels()[1]);
        int pixel = 33; // (y, x) = (1, 1): channel c holds c·50 + 33 mod 7
        for (int c = 0; c < 3; c++) {
            assertEquals(c * 50 + pixel % 7, train.value(1, pixel * 3 + c));
        }
        Path bad = ImageFiles.write(folder.resolve("bad.bin"), new byte[Cifar10Reader.RECORD_BYTES + 5], false);
        assertTrue(message(() -> Cifar10Reader.read(List.of(bad)))
                .contains("3078 bytes is not a whole number of " + "CIFAR-10 records"));
        byte[] wrongLabel = new byte[Cifar10Reader.RECORD_BYTES];
        wrongLabel[0] = 42;
        Path label = ImageFiles.write(folder.resolve("label.bin"), wrongLabel, false);
        assertTrue(
                message(() -> Cifar10Reader.read(List.of(label))).contains("row 1: label 42 is not a CIFAR-10 class"));
    }

    @Test
    void npyImagesAreSplitNinetyTen() throws IOException {
        byte[] values = new byte[20 * 4 * 3 * 2];
        for (int k = 0; k < values.length; k++) {
            values[k] = (byte) k;
        }
        Path file = ImageFiles.npyBytes(folder.resolve("faces.npy"), "|u1", "(20, 4, 3, 2)", values);
        Dataset data = Datasets.open(file.toString());
        assertEquals(new ImageShape(4, 3, 2), data.imageShape().orElseThrow());
        assertEquals(18, data.trainSize());
        assertEquals(2, data.test(0, 0).rows());
        Path gray = ImageFiles.npyBytes(folder.resolve("gray.npy"), "|u1", "(3, 2, 2)", new byte[12]);
        assertEquals(
                new ImageShape(2, 2, 1),
                Datasets.open(gray.toString()).imageShape().orElseThrow());
        Path cut = ImageFiles.npyBytes(folder.resolve("cut.npy"), "|u1", "(3, 2, 2)", new byte[10]);
        assertTrue(message(() -> ImageSources.npy(cut)).contains("but the file has"));
        Path floats = ImageFiles.npyBytes(folder.resolve("floats.npy"), "<f4", "(1, 1, 1)", new byte[4]);
        assertTrue(message(() -> ImageSources.npy(floats)).contains("must be a C-order uint8 array"));
    }

    @Test
    void digitsCsvAndItsErrors() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            for (int k = 0; k < 64; k++) {
                rows.append((i + k) % 17).append(".0,");
            }
            rows.append(i % 10).append('\n');
        }
        Path file = ImageFiles.write(
                folder.resolve("digits.csv.gz"), rows.toString().getBytes(), true);
        ImageDataset digits = (ImageDataset) Datasets.open("digits:" + file);
        assertEquals(27, digits.trainSize());
        assertEquals(16, digits.maxValue());
        DataMatrix all = digits.train(0, 0);
        assertTrue(all.get(0, 0) >= -1f && all.get(0, 0) <= 1f);
        Path ragged = ImageFiles.write(folder.resolve("ragged.csv"), "1,2,3\n".getBytes(), false);
        assertTrue(message(() -> DigitsCsv.read(ragged))
                .endsWith("row 1: 3 values; a digits row has 65 (64 pixels " + "0–16, then the class)"));
        Path range = ImageFiles.write(folder.resolve("range.csv"), ("17," + "0,".repeat(63) + "1\n").getBytes(), false);
        assertTrue(message(() -> DigitsCsv.read(range)).endsWith("row 1, column 1: 17 is outside 0–16"));
    }

    @Test
    void missingDefaultFolderNamesThePackage() {
        if (Files.exists(ImageSources.FASHION_MNIST)) {
            return; // installed here: the message cannot be seen
        }
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Datasets.open("fashion-mnist"));
        assertTrue(missing.getReason().contains("dataset-fashion-mnist"));
    }

    @Test
    void dequantisationStaysInsideEachLevel() {
        ImageSet images = new ImageSet(new ImageShape(1, 3, 1), 255, new byte[] {0, (byte) 128, (byte) 255}, null);
        DataMatrix noisy = ImageScaling.dequantized(images, new lfm.random.RandomKey(5, 1));
        int[] levels = {0, 128, 255};
        for (int k = 0; k < 3; k++) {
            double value = (noisy.get(0, k) + 1) / 2 * 256;
            assertTrue(value >= levels[k] && value <= levels[k] + 1, "value " + value);
        }
        assertEquals(7.0, ImageScaling.bitsPerDimension(0, 10, 255), 1e-12);
        assertArrayEquals(new int[] {0, 255, 128}, new int[] {
            ImageScaling.toValue(-1f, 255), ImageScaling.toValue(1f, 255), ImageScaling.toValue(0.0039f, 255)
        });
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static String message(Read read) {
        return assertThrows(DataFormatException.class, read::run).getMessage();
    }
}
