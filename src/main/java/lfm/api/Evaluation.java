package lfm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import lfm.eval.BlockDiagnostics;
import lfm.eval.ConditionalMetrics;
import lfm.eval.NllSummary;

/**
 * What {@link Evaluator#evaluate} measured, as kept in the run's eval.json.
 *
 * @param run         the run folder
 * @param distilled   the students generated the samples (the NLL stays the teacher's)
 * @param dimension   D
 * @param heldOut     the held-out points
 * @param samples     generated points and their metrics against the held-out points
 * @param floor       the same metrics between two held-out samples
 * @param blocks      the per-block diagnostics, or null when they were not asked for
 * @param likelihood  the held-out NLL, or null when it was not asked for
 * @param seconds     wall time of the whole evaluation
 * @param evaluatedAt when it finished
 */
public record Evaluation(
        Path run,
        boolean distilled,
        int dimension,
        HeldOut heldOut,
        Evaluator.SampleQuality samples,
        Evaluator.MetricFloor floor,
        Evaluator.BlockReport blocks,
        Evaluator.Likelihood likelihood,
        double seconds,
        Instant evaluatedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The result as one JSON object: run, data, split, held_out_points, generation, metrics, metrics_floor,
     * blocks (when measured), nll (when measured), seconds, evaluated_at.
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toTree());
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    ObjectNode toTree() {
        ObjectNode report = JSON.createObjectNode();
        report.put("run", run.toString());
        report.put("data", heldOut.dataName());
        report.put("split", heldOut.split());
        report.put("held_out_points", heldOut.points().rows());
        int points = samples.samples().points().rows();
        ObjectNode generation = report.putObject("generation");
        generation.put("method", samples.samples().method());
        generation.put("evaluations_per_point", samples.samples().evaluationsPerPoint());
        generation.put("seconds", samples.seconds());
        generation.put("points_per_s", points / samples.seconds());
        report.set("metrics", tree(samples.metrics().toJson()));
        ObjectNode floorNode = (ObjectNode) tree(floor.metrics().toJson());
        floorNode.put("reference", floor.reference());
        report.set("metrics_floor", floorNode);
        ConditionalMetrics conditional = samples.conditional();
        if (conditional != null) {
            ObjectNode node = report.putObject("conditional");
            node.put("joint_energy_distance", conditional.joint());
            if (!conditional.perClass().isEmpty()) {
                node.put("mean_class_energy_distance", conditional.meanPerClass());
                ObjectNode classes = node.putObject("class_energy_distances");
                conditional.perClass().forEach((k, distance) -> classes.put(Integer.toString(k), distance));
            }
        }
        if (blocks != null) {
            putBlocks(report.putObject("blocks"), blocks.diagnostics());
        }
        if (likelihood != null) {
            putLikelihood(report.putObject("nll"));
        }
        report.put("seconds", seconds);
        report.put("evaluated_at", evaluatedAt.toString());
        return report;
    }

    private static void putBlocks(ObjectNode node, BlockDiagnostics diagnostics) {
        node.put("points", diagnostics.points());
        diagnostics.stepDistances().forEach(node.putArray("step_energy_distances")::add);
        node.put("noise_energy_distance", diagnostics.noiseDistance());
        node.put("round_trip_rms", diagnostics.roundTripRms());
        node.put("round_trip_max", diagnostics.roundTripMax());
    }

    private void putLikelihood(ObjectNode node) {
        NllSummary summary = likelihood.summary();
        LogDensities densities = likelihood.densities();
        int points = heldOut.points().rows();
        node.put("mean", summary.mean());
        node.put("standard_error", summary.standardError());
        node.put("median", summary.median());
        node.put("percentile_99", summary.percentile99());
        node.put("points", summary.points());
        node.put("non_finite", summary.nonFinite());
        node.put("units", heldOut.units().name().toLowerCase(Locale.ROOT));
        node.put("standardized_units_mean", summary.modelUnitsMean());
        node.put("bits_per_dim", summary.bitsPerDimension(dimension));
        node.put("divergence", densities.divergence());
        node.put("solver", densities.solver());
        node.put("seconds", densities.seconds());
        node.put("points_per_s", points / densities.seconds());
        node.put("of", distilled ? "teacher" : "model");
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
