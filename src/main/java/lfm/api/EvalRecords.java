package lfm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lfm.config.RunConfig;
import lfm.io.AtomicFiles;
import lfm.run.RunFolder;
import lfm.tensorboard.EventFileWriter;

/**
 * Keeps an {@link Evaluation} with its run: the JSON object as eval.json (eval-distilled.json for
 * students), written atomically, and, where the run keeps a TensorBoard log (tb/), its numbers as scalars
 * at the run's last optimiser step: {@code eval/…} for the sample metrics and NLL, {@code eval_floor/…}
 * for their floors, {@code eval_blocks/…} per block (step = block number); {@code eval_distilled…} for
 * the students. An image run's report (FD_cls, KID, their floors, bits/dim) is kept the same way
 * ({@link #saveImages}).
 */
final class EvalRecords {
    private EvalRecords() {}

    static void save(RunConfig config, Evaluation evaluation) throws IOException {
        RunFolder folder = new RunFolder(evaluation.run());
        ObjectNode report = evaluation.toTree();
        boolean distilled = evaluation.distilled();
        AtomicFiles.write(folder.evalResult(distilled), out -> RunFolder.JSON.writeValue(out, report));
        if (!Files.isDirectory(folder.tensorBoard())) {
            return;
        }
        long lastStep = lastStep(config);
        String prefix = distilled ? "eval_distilled" : "eval";
        try (EventFileWriter writer =
                EventFileWriter.create(folder.tensorBoard(), distilled ? "eval-distilled" : "eval")) {
            writer.scalars(lastStep, scalars(prefix + "/", report.path("metrics")));
            writer.scalars(lastStep, scalars(prefix + "_floor/", report.path("metrics_floor")));
            JsonNode nll = report.path("nll");
            if (nll.has("mean")) {
                writer.scalars(
                        lastStep,
                        Map.of(
                                prefix + "/nll",
                                nll.get("mean").asDouble(),
                                prefix + "/nll_standard_error",
                                nll.get("standard_error").asDouble()));
            }
            JsonNode blocks = report.path("blocks").path("step_energy_distances");
            for (int n = 1; n <= blocks.size(); n++) {
                writer.scalar(
                        prefix + "_blocks/step_energy_distance",
                        n,
                        blocks.get(n - 1).asDouble());
            }
            if (report.path("blocks").has("noise_energy_distance")) {
                writer.scalars(
                        lastStep,
                        Map.of(
                                prefix + "/noise_energy_distance",
                                        report.at("/blocks/noise_energy_distance")
                                                .asDouble(),
                                prefix + "/round_trip_rms",
                                        report.at("/blocks/round_trip_rms").asDouble()));
            }
        }
    }

    /**
     * Keeps an image evaluation's report (the JSON object {@code lfm eval} prints for a UNet run) as
     * eval.json (eval-distilled.json), and where the run keeps tb/, at the run's last optimiser step:
     * {@code eval/fd_cls}, {@code eval/kid_mean}, their floors {@code eval_floor/…} (training images against
     * the test images) and {@code eval_floor_noise/…} (N(0, I) noise), and {@code eval/bits_per_dim} when
     * measured; {@code eval_distilled…} for the students.
     */
    static void saveImages(RunConfig config, Path run, boolean distilled, ObjectNode report) throws IOException {
        RunFolder folder = new RunFolder(run);
        AtomicFiles.write(folder.evalResult(distilled), out -> RunFolder.JSON.writeValue(out, report));
        if (!Files.isDirectory(folder.tensorBoard())) {
            return;
        }
        String prefix = distilled ? "eval_distilled" : "eval";
        JsonNode images = report.path("images");
        Map<String, Double> values = new LinkedHashMap<>();
        values.putAll(imageScalars(prefix + "/", images.path("generated")));
        values.putAll(imageScalars(prefix + "_floor/", images.path("floor_train")));
        values.putAll(imageScalars(prefix + "_floor_noise/", images.path("floor_noise")));
        if (report.path("bits_per_dim").has("mean")) {
            values.put(prefix + "/bits_per_dim", report.at("/bits_per_dim/mean").asDouble());
        }
        try (EventFileWriter writer =
                EventFileWriter.create(folder.tensorBoard(), distilled ? "eval-distilled" : "eval")) {
            writer.scalars(lastStep(config), values);
        }
    }

    /** FD_cls and the KID mean of one {@code images} entry, under {@code prefix}. */
    private static Map<String, Double> imageScalars(String prefix, JsonNode distances) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : new String[] {"fd_cls", "kid_mean"}) {
            if (distances.has(name)) {
                values.put(prefix + name, distances.get(name).asDouble());
            }
        }
        return values;
    }

    /** The run's last optimiser step: blocks × steps per block (where the eval scalars are placed). */
    private static long lastStep(RunConfig config) {
        return (long) config.spec().flow().schedule().blockCount()
                * config.spec().optimization().stepsPerBlock();
    }

    /** The three sample metrics of a metrics object, under {@code prefix}. */
    private static Map<String, Double> scalars(String prefix, JsonNode metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : new String[] {"energy_distance", "mmd_squared", "sliced_wasserstein1"}) {
            if (metrics.has(name)) {
                values.put(prefix + name, metrics.get(name).asDouble());
            }
        }
        return values;
    }
}
