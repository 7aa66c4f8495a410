package lfm.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lfm.data.format.NpyImages;
import lfm.nn.ImageShape;

/**
 * The image forms of {@code --data}:
 * <pre>
 *   fashion-mnist[:DIR]   IDX files (raw or .gz); DIR defaults to Debian's dataset-fashion-mnist folder
 *   mnist:DIR             the same file names, MNIST
 *   cifar10:DIR           CIFAR-10 binary: data_batch_1..5.bin and test_batch.bin in DIR or DIR/cifar-10-batches-bin
 *   digits[:FILE]         scikit-learn's 8×8 digits CSV (default: Debian python3-sklearn's copy)
 *   PATH.npy              a uint8 array (N, H, W) or (N, H, W, C): unlabelled, seeded 90/10 split
 * </pre>
 */
public final class ImageSources {
    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** Where Debian's {@code python3-sklearn} puts the digits. */
    public static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", "cifar10", "digits");

    private ImageSources() {}

    /** The data set of an image spec, or null when {@code spec} is no image form. */
    public static ImageDataset open(String spec) throws IOException {
        int colon = spec.indexOf(':');
        String prefix = (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (!NAMES.contains(prefix)) {
            return null;
        }
        String path = colon < 0 ? "" : spec.substring(colon + 1).strip();
        return switch (prefix) {
            case "fashion-mnist" ->
                idx(
                        "fashion-mnist",
                        path.isEmpty() ? defaulted(FASHION_MNIST, "dataset-fashion-mnist") : Path.of(path));
            case "mnist" -> idx("mnist", Path.of(required(prefix, path, "/path/to/mnist")));
            case "cifar10" -> cifar10(Path.of(required(prefix, path, "/path/to/cifar-10-batches-bin")));
            default ->
                ImageDataset.split(
                        "digits",
                        DigitsCsv.read(path.isEmpty() ? defaulted(DIGITS, "python3-sklearn") : Path.of(path)));
        };
    }

    /** A .npy file of uint8 images, split 90/10. */
    public static ImageDataset npy(Path file) throws IOException {
        NpyImages images = NpyImages.read(file);
        ImageShape shape = new ImageShape(images.height(), images.width(), images.channels());
        return ImageDataset.split(file.getFileName().toString(), new ImageSet(shape, 255, images.pixels(), null));
    }

    private static String required(String prefix, String path, String example) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException(
                    prefix + " needs the folder of its files, e.g. --data " + prefix + ":" + example);
        }
        return path;
    }

    private static Path defaulted(Path standard, String debianPackage) throws NoSuchFileException {
        if (!Files.exists(standard)) {
            throw new NoSuchFileException(
                    standard.toString(),
                    null,
                    "not found: install Debian's " + debianPackage + " (apt-get install " + debianPackage
                            + ") or give the path after a colon");
        }
        return standard;
    }

    private static ImageDataset idx(String name, Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such folder (" + name + " needs its IDX files)");
        }
        ImageSet train =
                IdxReader.read(file(folder, "train-images-idx3-ubyte"), file(folder, "train-labels-idx1-ubyte"));
        ImageSet test = IdxReader.read(file(folder, "t10k-images-idx3-ubyte"), file(folder, "t10k-labels-idx1-ubyte"));
        return new ImageDataset(name, train, test);
    }

    /** NAME or NAME.gz in the folder. */
    private static Path file(Path folder, String name) throws NoSuchFileException {
        for (String candidate : new String[] {name + ".gz", name}) {
            if (Files.isRegularFile(folder.resolve(candidate))) {
                return folder.resolve(candidate);
            }
        }
        throw new NoSuchFileException(
                folder.resolve(name).toString(), null, "missing (looked for " + name + " and " + name + ".gz)");
    }

    private static ImageDataset cifar10(Path root) throws IOException {
        Path folder =
                Files.isDirectory(root.resolve("cifar-10-batches-bin")) ? root.resolve("cifar-10-batches-bin") : root;
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(
                    root.toString(),
                    null,
                    "no such folder (cifar10 needs the CIFAR-10 binary "
                            + "version's data_batch_*.bin and test_batch.bin)");
        }
        List<Path> trainFiles = new ArrayList<>();
        for (int batch = 1; batch <= 5; batch++) {
            trainFiles.add(file(folder, "data_batch_" + batch + ".bin"));
        }
        return new ImageDataset(
                "cifar10", Cifar10Reader.read(trainFiles), Cifar10Reader.read(List.of(file(folder, "test_batch.bin"))));
    }
}
