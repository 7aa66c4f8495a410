package lfm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import lfm.config.Preset;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import lfm.config.UNetSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag of {@code lfm train} with the value a command line resolves it to (its preset, the flags
 * given, the defaults), one per line in the order of {@code --help}, so a user sees exactly what a
 * preset trains with. The γ list stands for --blocks/--gamma0/--rho; options that only steer the command
 * (--preset, --show, --resume, --debug, help) are left out.
 */
final class ResolvedFlags {
    private static final Set<String> LEFT_OUT = Set.of(
            "--preset",
            "--show",
            "--resume",
            "--debug",
            "--help",
            "--version",
            "--blocks",
            "--gamma0",
            "--rho",
            "--image-fit");

    private ResolvedFlags() {}

    /** The lines: a title, then "--flag value" for every flag, then the spec's JSON path of each value. */
    static String describe(CommandSpec command, TrainSpec spec, Preset preset) {
        JsonNode tree = RunConfigFile.toTree(spec);
        StringBuilder out = new StringBuilder();
        out.append(
                        preset == null
                                ? "lfm train resolves to:"
                                : "lfm train --preset " + preset.name() + " (" + preset.description()
                                        + ") resolves to:")
                .append('\n');
        for (OptionSpec option : command.options()) {
            String name = option.longestName();
            if (LEFT_OUT.contains(name)) {
                continue;
            }
            String value;
            if (name.equals("--gammas")) {
                value = spec.flow().gammas().stream().map(ResolvedFlags::number).collect(Collectors.joining(","));
                value = value.isEmpty() ? "(none: global flow matching)" : value;
            } else if (name.equals("--backend") || name.equals("--threads")) {
                value = tree.at("/run/" + name.substring(2)).asText();
            } else if (name.equals("--model")) {
                value = spec.model() instanceof UNetSpec unet ? "unet:" + unet.preset() : "mlp";
            } else if (option.userObject() instanceof Field field && field.getAnnotation(SpecField.class) != null) {
                if (spec.model() instanceof UNetSpec
                        && field.getAnnotation(SpecField.class).value().startsWith("model.")) {
                    continue; // the MLP's flags do not apply to a UNet
                }
                value = value(tree, field.getAnnotation(SpecField.class));
            } else {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-28s %s%n", name, value));
        }
        if (preset != null && preset.imageFit() != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-28s %s%n",
                    "--image-fit",
                    preset.imageFit().label() + " (for PNG data)"));
        }
        return out.toString();
    }

    private static String value(JsonNode tree, SpecField bound) {
        JsonNode node = tree.at("/" + bound.value().replace('.', '/'));
        if (node.isNull()) {
            return bound.value().equals("run.out") ? "(runs/<data>-<method>-<time>)" : "(none)";
        }
        if (bound.negated()) {
            return Boolean.toString(!node.asBoolean());
        }
        return node.isNumber() ? SpecOptions.number(node.asText()) : node.asText();
    }

    private static String number(double value) {
        return SpecOptions.number(Double.toString(value));
    }
}
