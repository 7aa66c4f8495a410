package lfm.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import lfm.data.format.TableFormat;
import lfm.data.maf.MafBenchmarks;
import lfm.data.toy.ImageDensity;
import lfm.data.toy.ToyDistributions;

/**
 * Resolves a {@code --data} value to a {@link Dataset}. Grammar (docs/data.md):
 * <pre>
 *   tree | rose | checkerboard | 8gaussians | moons | pinwheel | 2spirals | rings | swissroll | circles
 *   PATH.png                       2D density from a grayscale image (darker = more mass)
 *   PATH.csv | PATH.npy            generic tabular data, seeded 90/10 split (or --test FILE)
 *   power:PATH | gas:PATH | miniboone:PATH | bsds300:PATH
 *                                  MAF benchmark; PATH is the file, its folder, or the MAF data root
 * </pre>
 * Names and benchmark prefixes are case-insensitive; file extensions too. Anything else is an
 * {@link IllegalArgumentException} whose message lists what is accepted.
 */
public final class Datasets {
    private Datasets() {
    }

    /** Opens the data set named by {@code spec}. */
    public static Dataset open(String spec) throws IOException {
        String trimmed = spec.strip();
        Dataset benchmark = openBenchmark(trimmed);
        if (benchmark != null) {
            return benchmark;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            Path file = Path.of(trimmed);
            return new SamplerDataset(file.getFileName().toString(), 2, ImageDensity.read(file));
        }
        if (TableFormat.ofName(trimmed).isPresent()) {
            return TabularDataset.open(Path.of(trimmed));
        }
        SamplerDataset builtin = ToyDistributions.byName(lower);
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
     * Opens generic tabular data with an explicit test file ({@code --test FILE}): {@code spec} must be
     * a .csv or .npy file, which then is all training data.
     */
    public static Dataset open(String spec, Path testFile) throws IOException {
        if (testFile == null) {
            return open(spec);
        }
        if (TableFormat.ofName(spec).isEmpty()) {
            throw new IllegalArgumentException("--test applies to " + TableFormat.extensions() + " data only, not '"
                    + spec + "'");
        }
        return TabularDataset.open(Path.of(spec.strip()), testFile);
    }

    /** One line naming every accepted form (for error messages and --help). */
    public static String acceptedForms() {
        return "a built-in set (" + String.join(", ", ToyDistributions.names()) + "), a file ending in .png, "
                + TableFormat.extensions() + ", or a MAF benchmark as power:PATH, gas:PATH, miniboone:PATH or "
                + "bsds300:PATH";
    }

    private static Dataset openBenchmark(String spec) throws IOException {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String prefix = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!MafBenchmarks.NAMES.contains(prefix)) {
            return null;   // e.g. a Windows drive letter: treat the whole spec as a path
        }
        String path = spec.substring(colon + 1);
        if (path.isBlank()) {
            throw new IllegalArgumentException(prefix + ": needs a path after the colon, e.g. " + prefix
                    + ":/path/to/maf/data");
        }
        return MafBenchmarks.load(prefix, Path.of(path));
    }
}
