package lfm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads loss.csv ("block,step,loss,learning_rate,seconds"). A torn last line (a run killed mid-write)
 * is skipped; any other malformed line is an error naming the file and line.
 */
final class LossFile {
    private LossFile() {
    }

    static List<LossPoint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<LossPoint> points = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                points.add(new LossPoint(Integer.parseInt(cells[0].trim()), Long.parseLong(cells[1].trim()),
                        Double.parseDouble(cells[2].trim()), Double.parseDouble(cells[3].trim()),
                        Double.parseDouble(cells[4].trim())));
            } catch (RuntimeException malformed) {
                if (i == lines.size() - 1) {
                    break;   // torn last line
                }
                throw new IOException("line " + (i + 1) + " is not block,step,loss,learning_rate,seconds: "
                        + lines.get(i));
            }
        }
        return points;
    }
}
