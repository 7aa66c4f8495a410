package lfm.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Looks fields of config.json up by name wherever they sit (top level or inside a group), so the
 * report reads flat and grouped configuration files alike. Names are matched as written
 * ("stepsPerBlock") and in snake_case ("steps_per_block").
 */
final class ConfigFields {
    private ConfigFields() {}

    static JsonNode find(JsonNode config, String name) {
        if (config == null || config.isMissingNode()) {
            return MissingNode.getInstance();
        }
        for (String candidate : new String[] {name, snakeCase(name)}) {
            JsonNode direct = config.get(candidate);
            if (direct != null) {
                return direct;
            }
            JsonNode nested = config.findValue(candidate);
            if (nested != null) {
                return nested;
            }
        }
        return MissingNode.getInstance();
    }

    static String text(JsonNode config, String name, String fallback) {
        JsonNode value = find(config, name);
        return value.isValueNode() ? value.asText() : fallback;
    }

    static double number(JsonNode config, String name, double fallback) {
        JsonNode value = find(config, name);
        return value.isNumber() ? value.asDouble() : fallback;
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
