package lfm.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lfm.data.format.NpyImages;
import lfm.data.format.TableFormat;
import lfm.data.image.ImageSources;
import lfm.data.maf.MafBenchmarks;
import lfm.data.toy.ImageDensity;
import lfm.data.toy.ImageFit;
import lfm.data.toy.ToyDistributions;

/**
 * Resolves a {@code --data} value to a {@link Dataset}. Grammar (docs/data.md):
 * <pre>
 *   branching-tree | rose-curve | checkerboard | 8gaussians | moons | pinwheel | 2spirals | rings
 *       | swissroll | circles     built-in 2D samplers ("tree" and "rose" still name the first two)
 *   PATH.png | stretch:PATH.png    2D density from an image (darker = more mass), fitted as
 *                                  {@link ImageFit#KEEP} (default; keep:PATH.png too) or STRETCH
 *   PATH.csv | PATH.npy            generic tabular data, seeded 90/10 split (or --test FILE)
 *   power:PATH | gas:PATH | miniboone:PATH | bsds300:PATH
 *                                  MAF benchmark; PATH is the file, its folder, or the MAF data root
 *   fashion-mnist[:DIR] | mnist:DIR | cifar10:DIR | digits[:FILE] | PATH.npy of uint8 (N, H, W[, C])
 *                                  image data ({@link ImageSources})
 * </pre>
 * Names and prefixes are case-insensitive; file extensions too. Anything else is an
 * {@link IllegalArgumentException} whose message lists what is accepted.
 */
public final class Datasets {
    /** Old names of built-in sets → their names now. */
    private static final Map<String, String> RENAMED = Map.of("tree", "branching-tree", "rose", "rose-curve");

    private Datasets() {}

    /** Opens the data set named by {@code spec}. */
    public static Dataset open(String spec) throws IOException {
        String trimmed = spec.strip();
        Dataset images = ImageSources.open(trimmed);
        if (images != null) {
            return images;
        }
        Dataset prefixed = openPrefixed(trimmed);
        if (prefixed != null) {
            return prefixed;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return image(Path.of(trimmed), ImageFit.KEEP);
        }
        if (lower.endsWith(".npy")
                && Files.isRegularFile(Path.of(trimmed))
                && NpyImages.holdsImages(Path.of(trimmed))) {
            return ImageSources.npy(Path.of(trimmed));
        }
        if (TableFormat.ofName(trimmed).isPresent()) {
            return TabularDataset.open(Path.of(trimmed));
        }
        SamplerDataset builtin = ToyDistributions.byName(RENAMED.getOrDefault(lower, lower));
        if (builtin != null) {
            return builtin;
        }
        if (MafBenchmarks.NAMES.contains(lower)) {
            throw new IllegalArgumentException(lower + " needs the path of its files, e.g. --data " + lower
                    + ":/path/to/maf/data/" + (lower.equals("bsds300") ? "BSDS300" : lower));
        }
        throw new IllegalArgumentException("unknown data set '" + spec + "': expected " + acceptedForms());
    }

    /**
     * {@code spec} with a built-in set's old name replaced by its current one ("rose" → "rose-curve",
     * "tree" → "branching-tree"); any other spec unchanged.
     */
    public static String currentName(String spec) {
        return RENAMED.getOrDefault(spec.strip().toLowerCase(Locale.ROOT), spec);
    }

    /** One line telling what an old built-in name now means, or empty when {@code spec} is not one. */
    public static Optional<String> renameNotice(String spec) {
        String lower = spec.strip().toLowerCase(Locale.ROOT);
        if (!RENAMED.containsKey(lower)) {
            return Optional.empty();
        }
        return Optional.of("note: '" + lower + "' is now called '" + RENAMED.get(lower) + "': a procedural "
                + (lower.equals("rose")
                        ? "rose curve, not the paper's drawn rose"
                        : "branching tree, not the paper's " + "tree image")
                + " (to train on the paper's image, pass its PNG with --image-fit stretch)");
    }

    /**
     * The spec of image {@code spec} (PATH.png, or already prefixed) with {@code fit}: "stretch:PATH.png"
     * for STRETCH, plain "PATH.png" for KEEP, so that a run's config.json records the fit. Not an image,
     * or a prefix that contradicts {@code fit}, is an {@link IllegalArgumentException}.
     */
    public static String withImageFit(String spec, ImageFit fit) {
        String trimmed = spec.strip();
        String path = trimmed;
        int colon = trimmed.indexOf(':');
        if (colon > 0 && fitPrefix(trimmed.substring(0, colon)) != null) {
            ImageFit given = fitPrefix(trimmed.substring(0, colon));
            if (given != fit) {
                throw new IllegalArgumentException("--image-fit " + fit.label() + " contradicts --data " + trimmed);
            }
            path = trimmed.substring(colon + 1);
        }
        if (!path.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--image-fit applies to image data (PATH.png), not '" + trimmed + "'");
        }
        return fit == ImageFit.STRETCH ? "stretch:" + path : path;
    }

    /**
     * Opens generic tabular data with an explicit test file ({@code --test FILE}): {@code spec} must be
     * a .csv or .npy file, which then is all training data.
     */
    public static Dataset open(String spec, Path testFile) throws IOException {
        if (testFile == null) {
            return open(spec);
        }
        if (TableFormat.ofName(spec).isEmpty()) {
            throw new IllegalArgumentException(
                    "--test applies to " + TableFormat.extensions() + " data only, not '" + spec + "'");
        }
        return TabularDataset.open(Path.of(spec.strip()), testFile);
    }

    /** One line naming every accepted form (for error messages and --help). */
    public static String acceptedForms() {
        return "a built-in set (" + String.join(", ", ToyDistributions.names()) + "; labelled: "
                + String.join(", ", ToyDistributions.labelledNames()) + "), an image PATH.png or "
                + "stretch:PATH.png, a table ending in " + TableFormat.extensions() + ", or a MAF benchmark as "
                + "power:PATH, gas:PATH, miniboone:PATH or bsds300:PATH, or images as fashion-mnist[:DIR], mnist:DIR, "
                + "cifar10:DIR, digits[:FILE] or a uint8 PATH.npy";
    }

    /** A spec of the form PREFIX:PATH: a MAF benchmark or an image fit; null for anything else. */
    private static Dataset openPrefixed(String spec) throws IOException {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String prefix = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String path = spec.substring(colon + 1);
        ImageFit fit = fitPrefix(prefix);
        if (!MafBenchmarks.NAMES.contains(prefix) && fit == null) {
            return null; // e.g. a Windows drive letter: treat the whole spec as a path
        }
        if (path.isBlank()) {
            throw new IllegalArgumentException(prefix + ": needs a path after the colon, e.g. " + prefix
                    + (fit == null ? ":/path/to/maf/data" : ":/path/to/image.png"));
        }
        if (fit != null) {
            if (!path.toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new IllegalArgumentException(prefix + ": applies to image data (PATH.png), not '" + path + "'");
            }
            return image(Path.of(path), fit);
        }
        return MafBenchmarks.load(prefix, Path.of(path));
    }

    private static ImageFit fitPrefix(String prefix) {
        return switch (prefix.toLowerCase(Locale.ROOT)) {
            case "keep" -> ImageFit.KEEP;
            case "stretch" -> ImageFit.STRETCH;
            default -> null;
        };
    }

    private static Dataset image(Path file, ImageFit fit) throws IOException {
        String name = file.getFileName().toString() + (fit == ImageFit.STRETCH ? " (stretch)" : "");
        return new SamplerDataset(name, 2, ImageDensity.read(file, fit));
    }
}
