package lfm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Format 1: the flat config.json of the 30-field TrainConfig that came before the grouped spec (no
 * "format" field). Migrated on read into the grouped tree; fields that format 1 did not have (the
 * data's standardisation mode, the run folder, backend, threads, plots) take their defaults, which are
 * what those runs did.
 */
final class LegacyFormat {
    /** Every format-1 field and where it lives now ("" = top level). */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        for (String field : List.of("width", "depth", "activation", "timeFrequencies")) {
            FIELDS.put(field, "model." + field);
        }
        for (String field : List.of("method", "gammas", "interpolant", "timeSampling", "warmStart")) {
            FIELDS.put(field, "flow." + field);
        }
        for (String field : List.of(
                "stepsPerBlock",
                "batch",
                "learningRate",
                "decayFactor",
                "decayEvery",
                "warmupSteps",
                "optimizer",
                "weightDecay",
                "gradientClip",
                "emaDecay")) {
            FIELDS.put(field, "optimization." + field);
        }
        FIELDS.put("data", "data.source");
        FIELDS.put("poolSize", "data.poolSize");
        for (String field : List.of("checkpointEvery", "logEvery", "seed", "pushSolver", "sampleSolver", "chunkRows")) {
            FIELDS.put(field, "run." + field);
        }
        FIELDS.put("dimension", "");
        FIELDS.put("standardMean", "");
        FIELDS.put("standardStd", "");
    }

    private LegacyFormat() {}

    /** The grouped tree (without "format") of a format-1 document. */
    static ObjectNode migrate(ObjectNode flat) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = flat.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field '" + unknown.get(0) + "'");
        }
        for (String name : FIELDS.keySet()) {
            if (!flat.has(name)) {
                throw new IllegalArgumentException("missing field '" + name + "'");
            }
        }
        ObjectNode spec = (ObjectNode) RunConfigFile.toTree(TrainSpec.defaults());
        FIELDS.forEach((name, path) -> {
            if (!path.isEmpty()) {
                String[] parts = path.split("\\.", -1);
                ((ObjectNode) spec.get(parts[0])).set(parts[1], flat.get(name));
            }
        });
        ObjectNode grouped = RunConfigFile.JSON.createObjectNode();
        grouped.set("dimension", flat.get("dimension"));
        JsonNode mean = flat.get("standardMean");
        if (mean.isNull()) {
            grouped.putNull("standardization");
        } else {
            ObjectNode standardization = grouped.putObject("standardization");
            standardization.set("mean", mean);
            standardization.set("std", flat.get("standardStd"));
        }
        grouped.set("spec", spec);
        return grouped;
    }
}
