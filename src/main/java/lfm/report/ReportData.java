package lfm.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON the page's script draws from (embedded in the page as {@code <script id="lfm-data"
 * type="application/json">}): per run its name and colour, loss.csv as columns, the per-block
 * diagnostics of training (train.json) and of eval (eval.json), and its sample figure.
 */
final class ReportData {
    /** Run colours: distinct on screen and in print, in order of the runs given. */
    static final List<String> COLORS = List.of(
            "#2f5fb3", "#d1495b", "#2e9e6a", "#e69f00", "#7b4fa8", "#0099a8", "#8c564b", "#e377c2", "#5f6b7a",
            "#bcbd22");

    private ReportData() {}

    static String color(int run) {
        return COLORS.get(run % COLORS.size());
    }

    static ObjectNode build(List<RunOverview> runs, List<ObjectNode> figures) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode array = data.putArray("runs");
        for (int r = 0; r < runs.size(); r++) {
            RunOverview run = runs.get(r);
            ObjectNode node = array.addObject();
            node.put("name", run.name());
            node.put("color", color(r));
            node.put("blocks", run.blocks());
            node.put("stepsPerBlock", run.stepsPerBlock());
            node.set("loss", lossColumns(run.loss()));
            ObjectNode diagnostics = node.putObject("diagnostics");
            diagnostics.set("train", trainDiagnostics(run.train()));
            diagnostics.set("eval", evalDiagnostics(run.eval(), run.blocks()));
            if (figures.get(r) != null) {
                node.set("figure", figures.get(r));
            }
        }
        return data;
    }

    private static ObjectNode lossColumns(List<LossPoint> loss) {
        ObjectNode columns = JsonNodeFactory.instance.objectNode();
        ArrayNode block = columns.putArray("block"), step = columns.putArray("step");
        ArrayNode value = columns.putArray("loss"), rate = columns.putArray("learningRate");
        ArrayNode gradient = columns.putArray("gradientNorm");
        for (LossPoint point : loss) {
            block.add(point.block());
            step.add(point.step());
            value.add(point.loss());
            rate.add(point.learningRate());
            if (Double.isFinite(point.gradientNorm())) {
                gradient.add(point.gradientNorm());
            } else {
                gradient.addNull();
            }
        }
        return columns;
    }

    private static ObjectNode trainDiagnostics(JsonNode train) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode step = node.putArray("step"), noise = node.putArray("noise");
        for (JsonNode block : train.path("blocks")) {
            numberOrNull(step, block.path("step_energy_distance"));
            numberOrNull(noise, block.path("noise_energy_distance"));
        }
        return node;
    }

    private static ObjectNode evalDiagnostics(JsonNode eval, int blocks) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode step = node.putArray("step"), noise = node.putArray("noise");
        eval.at("/blocks/step_energy_distances").forEach(value -> numberOrNull(step, value));
        JsonNode last = eval.at("/blocks/noise_energy_distance");
        if (last.isNumber()) {
            for (int n = 1; n < blocks; n++) {
                noise.addNull();
            }
            noise.add(last);
        }
        return node;
    }

    private static void numberOrNull(ArrayNode array, JsonNode value) {
        if (value.isNumber()) {
            array.add(value);
        } else {
            array.addNull();
        }
    }
}
