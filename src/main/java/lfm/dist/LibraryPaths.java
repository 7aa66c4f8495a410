package lfm.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finding a shared library the way users expect: an explicit file or folder (system property, else
 * environment variable) wins and is the only place looked; otherwise the folders of
 * {@code LD_LIBRARY_PATH}, then the given installation folders, then the system library folders.
 */
public final class LibraryPaths {
    private LibraryPaths() {}

    /** A system property, else an environment variable, else null. */
    public static String setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The folders to search: LD_LIBRARY_PATH, then {@code extra} (null entries skipped), then the system's. */
    public static Set<Path> folders(List<Path> extra) {
        Set<Path> folders = new LinkedHashSet<>();
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            for (String part : path.split(":", -1)) {
                if (!part.isBlank()) {
                    folders.add(Path.of(part).toAbsolutePath().normalize());
                }
            }
        }
        for (Path folder : extra) {
            if (folder != null) {
                folders.add(folder);
            }
        }
        String multiarch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> "x86_64-linux-gnu";
        };
        for (String system :
                new String[] {"/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/usr/lib", "/usr/local/lib"
                }) {
            folders.add(Path.of(system));
        }
        return folders;
    }

    /** The first {@code folder/name} that is a file, trying names in order within each folder. */
    public static Path find(Iterable<Path> folders, List<String> names) {
        for (Path folder : folders) {
            for (String name : names) {
                Path candidate = folder.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return null;
    }

    /** An explicit setting: the file itself, or the first of {@code names} in that folder; null if neither exists. */
    public static Path explicit(String value, List<String> names) {
        Path given = Path.of(value);
        if (Files.isDirectory(given)) {
            return find(List.of(given), names);
        }
        return Files.isRegularFile(given) ? given.toAbsolutePath() : null;
    }

    /** "a, b, c" for messages. */
    public static String join(Iterable<?> items) {
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            parts.add(String.valueOf(item));
        }
        return String.join(", ", parts);
    }
}
