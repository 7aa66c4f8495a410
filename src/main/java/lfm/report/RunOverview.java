package lfm.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.run.RunFolder;

/**
 * What a run folder says about its run, read without loading any weights: the configuration (as JSON,
 * so every field shows), loss.csv, the training record train.json and the last eval.json. Missing
 * files are allowed (a run still training, or trained before these files existed); a file that cannot
 * be read is noted in {@link #problems()} and the rest still shows.
 *
 * @param folder    the run folder
 * @param config    config.json (missing node if unreadable)
 * @param loss      loss.csv rows in file order
 * @param train     train.json (missing node if absent)
 * @param eval      eval.json (missing node if absent)
 * @param blockFiles trained blocks with weights on disk
 * @param problems  one line per file that could not be read
 */
public record RunOverview(
        Path folder,
        JsonNode config,
        List<LossPoint> loss,
        JsonNode train,
        JsonNode eval,
        int blockFiles,
        List<String> problems) {

    /** Whether {@code folder} looks like a run folder (it has a config.json). */
    public static boolean isRun(Path folder) {
        return Files.isRegularFile(new RunFolder(folder).config());
    }

    public static RunOverview read(Path folder) {
        RunFolder run = new RunFolder(folder);
        List<String> problems = new ArrayList<>();
        JsonNode config = json(run.config(), problems);
        JsonNode train =
                Files.exists(run.trainRecord()) ? json(run.trainRecord(), problems) : MissingNode.getInstance();
        JsonNode eval =
                Files.exists(run.evalResult(false)) ? json(run.evalResult(false), problems) : MissingNode.getInstance();
        List<LossPoint> loss = List.of();
        if (Files.exists(run.lossCsv())) {
            try {
                loss = LossFile.read(run.lossCsv());
            } catch (IOException | RuntimeException unreadable) {
                problems.add(run.lossCsv() + ": " + unreadable.getMessage());
            }
        }
        return new RunOverview(folder, config, loss, train, eval, run.completedBlockFiles(), List.copyOf(problems));
    }

    /** The folder's name, which names the run everywhere. */
    public String name() {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? folder.toString() : name.toString();
    }

    public String method() {
        return ConfigFields.text(config, "method", "?");
    }

    /** The data the run trained on: "data" in flat config files, "source" where the data settings are a group. */
    public String data() {
        return ConfigFields.text(config, "source", ConfigFields.text(config, "data", "?"));
    }

    public int dimension() {
        return (int) ConfigFields.number(config, "dimension", 0);
    }

    public long seed() {
        return (long) ConfigFields.number(config, "seed", 0);
    }

    /** N = L + 1: the OU blocks of the schedule and the free block (0 if the config is unreadable). */
    public int blocks() {
        JsonNode gammas = ConfigFields.find(config, "gammas");
        return config.isMissingNode() ? 0 : (gammas.isArray() ? gammas.size() : 0) + 1;
    }

    public long stepsPerBlock() {
        return (long) ConfigFields.number(config, "stepsPerBlock", 0);
    }

    /** The OU step lengths γ₁..γ_L. */
    public List<Double> gammas() {
        List<Double> values = new ArrayList<>();
        ConfigFields.find(config, "gammas").forEach(g -> values.add(g.asDouble()));
        return values;
    }

    public RunStatus status() {
        if (config.isMissingNode()) {
            return RunStatus.FAILED;
        }
        String recorded = train.path("status").asText("");
        if (recorded.equals("failed")) {
            return RunStatus.FAILED;
        }
        boolean allBlocks = blocks() > 0 && blockFiles >= blocks();
        return allBlocks && (recorded.isEmpty() || recorded.equals("complete"))
                ? RunStatus.COMPLETE
                : RunStatus.PARTIAL;
    }

    /** The error that stopped a failed run ("" if none was recorded). */
    public String error() {
        if (config.isMissingNode()) {
            return problems.isEmpty() ? "config.json missing" : problems.get(0);
        }
        return train.path("error").asText("");
    }

    /** Training wall time in seconds: from train.json, else the last loss.csv row (NaN if neither). */
    public double wallSeconds() {
        if (train.has("seconds")) {
            return train.get("seconds").asDouble();
        }
        return loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1).seconds();
    }

    /** The mean loss of the last logged interval of the last block reached (NaN before any). */
    public double finalLoss() {
        return loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1).loss();
    }

    /** The block of the last loss.csv row (0 before any). */
    public int lastLoggedBlock() {
        return loss.isEmpty() ? 0 : loss.get(loss.size() - 1).block();
    }

    /** A number of eval.json by JSON pointer, e.g. "/metrics/energy_distance" (NaN if absent). */
    public double evalNumber(String pointer) {
        JsonNode value = eval.at(pointer);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static JsonNode json(Path file, List<String> problems) {
        try {
            return RunFolder.JSON.readTree(file.toFile());
        } catch (IOException | RuntimeException unreadable) {
            problems.add(file + ": " + firstLine(unreadable.getMessage()));
            return MissingNode.getInstance();
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
