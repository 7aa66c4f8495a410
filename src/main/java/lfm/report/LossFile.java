package lfm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads loss.csv by its header ("block,step,loss,learning_rate,gradient_norm,seconds"; files written
 * before the gradient norm column lack it). A torn last line (a run killed mid-write) is skipped; any
 * other malformed line is an error naming the line.
 */
public final class LossFile {
    private static final List<String> REQUIRED = List.of("block", "step", "loss", "learning_rate", "seconds");

    private LossFile() {}

    public static List<LossPoint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = List.of(lines.get(0).trim().split(",", -1));
        if (!header.containsAll(REQUIRED)) {
            throw new IOException(
                    "the header is not block,step,loss,learning_rate,[gradient_norm,]seconds: " + lines.get(0));
        }
        int gradient = header.indexOf("gradient_norm");
        List<LossPoint> points = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            try {
                points.add(new LossPoint(
                        Integer.parseInt(cells[header.indexOf("block")].trim()),
                        Long.parseLong(cells[header.indexOf("step")].trim()),
                        number(cells, header.indexOf("loss")),
                        number(cells, header.indexOf("learning_rate")),
                        gradient < 0 ? Double.NaN : number(cells, gradient),
                        number(cells, header.indexOf("seconds"))));
            } catch (RuntimeException malformed) {
                if (i == lines.size() - 1) {
                    break; // torn last line
                }
                throw new IOException("line " + (i + 1) + " does not match the header: " + lines.get(i));
            }
        }
        return points;
    }

    private static double number(String[] cells, int column) {
        return Double.parseDouble(cells[column].trim());
    }
}
