package lfm.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One main source file read as text: its package and every lfm type it names, through an import (plain,
 * static or on demand) or a fully qualified name in code. Comments, string and character literals and
 * text blocks are blanked first, so only what the compiler sees counts.
 *
 * @param path        the file, relative to the repository root (as a failure message should name it)
 * @param packageName its {@code package} declaration
 * @param references  the lfm types it names, e.g. {@code lfm.flow.Interpolant}; an on-demand import
 *                    {@code lfm.api.*} is recorded as {@code lfm.api.*}
 */
record SourceFile(Path path, String packageName, Set<String> references) {

    /** The source roots of main code: the engine and the FFM bindings. */
    static final List<Path> MAIN_ROOTS = List.of(Path.of("src/main/java"), Path.of("bindings/src/main/java"));

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?(lfm(?:\\.\\w+)+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    // A qualified name in code: lfm, lower-case segments, then a type (upper-case initial).
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])lfm((?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z]\\w*)");

    /** Every .java file under the main source roots, in path order. */
    static List<SourceFile> mainSources() {
        List<SourceFile> files = new ArrayList<>();
        for (Path root : MAIN_ROOTS) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(path -> path.toString().endsWith(".java")).sorted().forEach(path -> files.add(read(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static SourceFile read(Path path) {
        String code;
        try {
            code = blankCommentsAndLiterals(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declaration = PACKAGE.matcher(code);
        String packageName = declaration.find() ? declaration.group(1) : "";
        Set<String> references = new LinkedHashSet<>();
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            references.add(imports.group(1) + (imports.group(2) == null ? "" : ".*"));
        }
        String body = IMPORT.matcher(PACKAGE.matcher(code).replaceAll("")).replaceAll("");
        Matcher qualified = QUALIFIED.matcher(body);
        while (qualified.find()) {
            references.add("lfm" + qualified.group(1) + "." + qualified.group(2));
        }
        return new SourceFile(path, packageName, references);
    }

    /**
     * The package a reference lives in: the segments before the first one with an upper-case initial
     * ({@code lfm.flow.Interpolant.OT} → {@code lfm.flow}); for {@code lfm.api.*}, {@code lfm.api}.
     */
    static String packageOf(String reference) {
        String[] segments = reference.split("\\.");
        StringBuilder packageName = new StringBuilder(segments[0]);
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("*") || Character.isUpperCase(segments[i].charAt(0))) {
                break;
            }
            packageName.append('.').append(segments[i]);
        }
        return packageName.toString();
    }

    /** The type a reference names, without a static member ({@code lfm.flow.Interpolant.OT} → {@code lfm.flow.Interpolant}). */
    static String typeOf(String reference) {
        String packageName = packageOf(reference);
        String rest = reference.substring(Math.min(reference.length(), packageName.length() + 1));
        int dot = rest.indexOf('.');
        return packageName + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }

    /** Replaces comments and literals by spaces (line breaks kept, so positions stay on their lines). */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            int end = endOfSkipped(source, i);
            if (end == i) {
                out.append(source.charAt(i++));
                continue;
            }
            for (int j = i; j < end; j++) {
                out.append(source.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** If a comment or literal starts at i, the index just past it; else i. */
    private static int endOfSkipped(String source, int i) {
        if (source.startsWith("//", i)) {
            int end = source.indexOf('\n', i);
            return end < 0 ? source.length() : end;
        }
        if (source.startsWith("/*", i)) {
            int end = source.indexOf("*/", i + 2);
            return end < 0 ? source.length() : end + 2;
        }
        if (source.startsWith("\"\"\"", i)) {
            int end = source.indexOf("\"\"\"", i + 3);
            return end < 0 ? source.length() : end + 3;
        }
        char c = source.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                j += source.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(source.length(), j + 1);
        }
        return i;
    }
}
