package lfm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import lfm.data.Datasets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The training spec of each run of {@code lfm sweep}: the spec of the common train flags with the run's
 * swept values written into its JSON tree by path and read back ({@link RunConfigFile#toTree} and
 * {@link RunConfigFile#fromTree}, as {@link SpecOptions} binds flags), so the records check every value.
 * A swept key is a train flag bound to a field ({@code seed}, {@code lr}, {@code no-warm-start}, ...),
 * {@code gammas}, {@code backend}, {@code threads}, or a field's JSON path ({@code optimization.batch};
 * docs/config.md).
 */
final class SweepSpecs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FIXED =
            List.of("out", "resume", "preset", "image-fit", "help", "version", "debug", "run.out");

    private SweepSpecs() {}

    /**
     * A swept key resolved to the JSON path of the field it sets.
     *
     * @param key     as given to --sweep
     * @param path    the field's JSON path, groups separated by dots
     * @param negated the key is a --no-… flag, the opposite of the field
     */
    record Target(String key, String path, boolean negated) {}

    /**
     * Resolves a swept key against the options of {@code lfm train}.
     *
     * @throws IllegalArgumentException naming the key when it sets no field a sweep can vary
     */
    static Target resolve(String key, CommandSpec train) {
        if (FIXED.contains(key)) {
            throw new IllegalArgumentException(
                    "--sweep " + key + ": the sweep sets this itself or it names no setting");
        }
        if (key.contains(".")) {
            if (field(RunConfigFile.toTree(TrainSpec.defaults()), key).isMissingNode()) {
                throw new IllegalArgumentException(
                        "--sweep " + key + ": no such field of the training spec " + "(docs/config.md lists them)");
            }
            return new Target(key, key, false);
        }
        OptionSpec option = train.findOption("--" + key);
        if (option == null) {
            throw new IllegalArgumentException("--sweep " + key + ": not a flag of lfm train");
        }
        SpecField bound = option.userObject() instanceof Field field ? field.getAnnotation(SpecField.class) : null;
        if (bound != null) {
            return new Target(key, bound.value(), bound.negated());
        }
        return switch (key) {
            case "gammas" -> new Target(key, "flow.gammas", false);
            case "backend", "threads" -> new Target(key, "run." + key, false);
            default ->
                throw new IllegalArgumentException("--sweep " + key + ": --" + key + " sets no single field of"
                        + " the training spec; sweep gammas instead (e.g. gammas=.1,.15:.1,.15,.2)");
        };
    }

    /**
     * {@code base} with {@code values} (target → the value as given) written in, the run folder {@code out},
     * and {@code threads} CPU threads unless null. Setting the method to fm drops the OU blocks; setting it
     * to lfm (with no γ list swept) takes {@code lfmGammas}.
     *
     * @throws IllegalArgumentException with the records' message when they reject a value
     */
    static TrainSpec spec(
            TrainSpec base, Map<Target, String> values, Path out, Integer threads, List<Double> lfmGammas) {
        ObjectNode tree = (ObjectNode) RunConfigFile.toTree(base);
        boolean gammasSwept =
                values.keySet().stream().anyMatch(target -> target.path().equals("flow.gammas"));
        values.forEach((target, value) -> {
            JsonNode current = field(tree, target.path());
            parent(tree, target.path()).set(name(target.path()), convert(target, value, current));
            if (target.path().equals("flow.method") && !gammasSwept) {
                ((ObjectNode) tree.get("flow"))
                        .set("gammas", RunConfigFile.toTree(value.equals("fm") ? List.of() : lfmGammas));
            }
        });
        ((ObjectNode) tree.get("run")).put("out", out.toString());
        if (threads != null) {
            ((ObjectNode) tree.get("run")).put("threads", threads.intValue());
        }
        return RunConfigFile.fromTree(tree, TrainSpec.class);
    }

    /** The value as a node of the field's JSON type: numbers, true/false, a comma list for a list, text. */
    private static JsonNode convert(Target target, String value, JsonNode current) {
        try {
            if (current.isArray()) {
                ArrayNode list = NODES.arrayNode();
                for (String item : value.split(",", -1)) {
                    list.add(Double.parseDouble(item.strip()));
                }
                return list;
            }
            if (current.isBoolean()) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return NODES.booleanNode(Boolean.parseBoolean(value) != target.negated());
            }
            if (current.isIntegralNumber()) {
                return NODES.numberNode(Long.parseLong(value));
            }
            if (current.isNumber()) {
                return NODES.numberNode(Double.parseDouble(value));
            }
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("--sweep " + target.key() + "=" + value + ": not a number");
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("--sweep " + target.key() + "=" + value + ": " + bad.getMessage());
        }
        return NODES.textNode(target.path().equals("data.source") ? Datasets.currentName(value) : value);
    }

    private static JsonNode field(JsonNode tree, String path) {
        return tree.at("/" + path.replace('.', '/'));
    }

    private static ObjectNode parent(ObjectNode tree, String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? tree : (ObjectNode) field(tree, path.substring(0, dot));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
