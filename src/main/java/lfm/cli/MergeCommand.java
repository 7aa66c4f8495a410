package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.data.DataMatrix;
import lfm.data.format.NpyReader;
import lfm.data.format.TableFormat;
import lfm.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lfm merge}: joins the parts written by {@code lfm sample --shard r/P} (given in order r = 0 ..
 * P − 1) into the one file a single {@code lfm sample} writes: NPY parts by rows, CSV parts line by line
 * under their common header (the text itself, so the bytes are those of the whole).
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Join the parts of 'lfm sample --shard r/P' (in the order r = 0, 1, ...) into one file.")
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "the merged file, .csv or .npy like the parts")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "PART", description = "the parts, shard 0 first")
    List<Path> parts;

    @Override
    public Integer call() throws IOException {
        String extension = extension(out);
        for (Path part : parts) {
            if (!extension(part).equals(extension)) {
                throw new ParameterException(
                        spec.commandLine(), "part " + part + " is not a " + extension + " file like --out " + out);
            }
            if (!Files.isRegularFile(part)) {
                throw new java.nio.file.NoSuchFileException(part.toString());
            }
        }
        long rows = extension.equals(".npy") ? mergeNpy() : mergeCsv();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("merged", parts.size());
        json.put("rows", rows);
        json.put("out", out.toString());
        System.out.println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }

    private long mergeNpy() throws IOException {
        List<DataMatrix> matrices = new ArrayList<>();
        for (Path part : parts) {
            DataMatrix matrix = NpyReader.readFloats(part, false); // a part dealt no chunk has no rows
            if (!matrices.isEmpty() && matrix.cols() != matrices.get(0).cols()) {
                throw new IllegalArgumentException(part + " has " + matrix.cols() + " columns, " + parts.get(0)
                        + " has " + matrices.get(0).cols() + ": not parts of one sample");
            }
            matrices.add(matrix);
        }
        DataMatrix merged = DataMatrix.concat(matrices.toArray(DataMatrix[]::new));
        TableFormat.write(out, merged);
        return merged.rows();
    }

    private long mergeCsv() throws IOException {
        String header = null;
        StringBuilder text = new StringBuilder();
        long rows = 0;
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(part + " is empty: not a part written by lfm sample");
            }
            if (header == null) {
                header = lines.get(0);
                text.append(header).append('\n');
            } else if (!header.equals(lines.get(0))) {
                throw new IllegalArgumentException(part + " has the header '" + lines.get(0) + "', " + parts.get(0)
                        + " has '" + header + "': not parts of one sample");
            }
            for (String line : lines.subList(1, lines.size())) {
                text.append(line).append('\n');
                rows++;
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, stream -> stream.write(bytes));
        return rows;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") ? ".npy" : name.endsWith(".csv") ? ".csv" : "(" + name + ")";
    }
}
