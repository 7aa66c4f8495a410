package lfm.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every package of main code has a package-info.java whose Javadoc says what lives there, its shape
 * conventions and its layer (docs/architecture.md). A new package fails here with the exact file to add.
 */
class PackageInfoTest {

    private static final Pattern JAVADOC_THEN_PACKAGE =
            Pattern.compile("^\\s*/\\*\\*(?s:.*?)\\p{L}(?s:.*?)\\*/\\s*package\\s+([\\w.]+)\\s*;\\s*$");

    @Test
    void everyPackageHasAPackageInfoWithAJavadocParagraph() throws IOException {
        Set<Path> packageFolders = new TreeSet<>();
        for (SourceFile file : SourceFile.mainSources()) {
            packageFolders.add(file.path().getParent());
        }
        List<String> problems = new ArrayList<>();
        for (Path folder : packageFolders) {
            Path info = folder.resolve("package-info.java");
            String packageName = packageNameOf(folder);
            if (!Files.exists(info)) {
                problems.add("add " + info + ": a Javadoc paragraph (what the package holds, its shape conventions, "
                        + "its layer in docs/architecture.md) followed by 'package " + packageName + ";'");
                continue;
            }
            var declaration = JAVADOC_THEN_PACKAGE.matcher(Files.readString(info));
            if (!declaration.matches()) {
                problems.add(
                        info + ": must be one Javadoc comment (/** ... */) followed by 'package " + packageName + ";'");
            } else if (!declaration.group(1).equals(packageName)) {
                problems.add(info + ": declares package " + declaration.group(1) + " but lives in " + packageName);
            }
        }
        assertTrue(
                problems.isEmpty(),
                problems.size() + " package(s) without a proper package-info.java:\n  "
                        + String.join("\n  ", problems));
    }

    @Test
    void theCheckSeesBothSourceRootsAndTheBackendPackages() {
        Set<String> packages = new TreeSet<>();
        SourceFile.mainSources().forEach(file -> packages.add(file.packageName()));
        assertTrue(
                packages.containsAll(List.of("lfm", "lfm.backend", "lfm.backend.cpu", "lfm.bindings.kernels")),
                "packages seen: " + packages);
    }

    /** src/main/java/lfm/data/toy → lfm.data.toy (whichever main source root it is under). */
    private static String packageNameOf(Path folder) {
        for (Path root : SourceFile.MAIN_ROOTS) {
            if (folder.startsWith(root)) {
                return root.relativize(folder)
                        .toString()
                        .replace(folder.getFileSystem().getSeparator(), ".");
            }
        }
        throw new IllegalArgumentException(folder + " is under no main source root");
    }
}
