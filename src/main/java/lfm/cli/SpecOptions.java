package lfm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;
import lfm.api.DistillSpec;
import lfm.api.EvalSpec;
import lfm.config.RunConfigFile;
import lfm.config.TrainSpec;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options bound to a spec record by {@link SpecField}. As picocli's default-value provider it answers
 * each bound option's default from the record's {@code defaults()}, so a default is written once, in the
 * record, and {@code --help} shows it; {@link #bind} then writes the parsed values into the JSON tree of
 * those defaults and reads the record back, so the record's own checks validate every value. Options of
 * a {@link Mixin} are bound like the command's own; a mixin shared by commands of different records
 * (such as {@link DistributedOptions}) binds where the command's record has the field and leaves the
 * option unbound (no default, not in the record) where it has not.
 */
abstract class SpecOptions implements IDefaultValueProvider {
    private final JsonNode defaults;

    SpecOptions(Object defaults) {
        this.defaults = RunConfigFile.toTree(defaults);
    }

    /** Defaults of {@code lfm train}. */
    static final class Train extends SpecOptions {
        Train() {
            super(TrainSpec.defaults());
        }
    }

    /** Defaults of {@code lfm eval}. */
    static final class Eval extends SpecOptions {
        Eval() {
            super(EvalSpec.defaults());
        }
    }

    /** Defaults of {@code lfm distill}. */
    static final class Distill extends SpecOptions {
        Distill() {
            super(DistillSpec.defaults());
        }
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument.userObject() instanceof Field field) || field.getAnnotation(SpecField.class) == null) {
            return null;
        }
        SpecField bound = field.getAnnotation(SpecField.class);
        if (unboundMixinField(field, defaults)) {
            return null;
        }
        JsonNode value = node(defaults, bound.value());
        if (value.isNull()) {
            return null;
        }
        if (bound.negated()) {
            return Boolean.toString(!value.asBoolean());
        }
        return value.isNumber() ? number(value.asText()) : value.asText();
    }

    /** A default as a person writes it: 20000, 0.8, 0 (not 0.0), and 2e-3 for a one-digit small rate. */
    static String number(String text) {
        BigDecimal value = new BigDecimal(text).stripTrailingZeros();
        if (value.scale() >= 3 && value.unscaledValue().abs().compareTo(java.math.BigInteger.TEN) < 0) {
            return value.unscaledValue() + "e-" + value.scale();
        }
        return value.toPlainString();
    }

    /**
     * The record built from {@code defaults} with every {@link SpecField} option of {@code command} set to
     * its parsed value; {@code adjust} sets what no single option holds (e.g. the γ list).
     *
     * @throws IllegalArgumentException with the record's message when it rejects a value
     */
    static <T> T bind(Object command, T defaults, Class<T> type, Consumer<ObjectNode> adjust) {
        return bind(command, defaults, type, option -> true, adjust);
    }

    /**
     * As {@link #bind(Object, Object, Class, Consumer)}, writing only the options whose first name
     * {@code include} accepts (e.g. those given on the command line, over a preset's values).
     */
    static <T> T bind(
            Object command, T defaults, Class<T> type, Predicate<String> include, Consumer<ObjectNode> adjust) {
        JsonNode tree = RunConfigFile.toTree(defaults);
        bindFields(command, tree, include);
        adjust.accept((ObjectNode) tree);
        return RunConfigFile.fromTree(tree, type);
    }

    /**
     * Writes the {@link SpecField} options of {@code options} (the command or one of its mixins) whose
     * first name {@code include} accepts into the tree.
     */
    private static void bindFields(Object options, JsonNode tree, Predicate<String> include) {
        for (Field field : options.getClass().getDeclaredFields()) {
            if (field.getAnnotation(Mixin.class) != null) {
                bindFields(read(field, options), tree, include);
                continue;
            }
            SpecField bound = field.getAnnotation(SpecField.class);
            Option option = field.getAnnotation(Option.class);
            if (bound == null || option == null || !include.test(option.names()[0]) || unboundMixinField(field, tree)) {
                continue;
            }
            Object value = read(field, options);
            if (bound.negated()) {
                value = !(Boolean) value;
            } else if (value instanceof Path path) {
                value = path.toString();
            }
            int dot = bound.value().lastIndexOf('.');
            JsonNode parent = dot < 0 ? tree : node(tree, bound.value().substring(0, dot));
            node(tree, bound.value()); // the field must exist in the defaults: a wrong path is a bug here
            ((ObjectNode) parent).set(bound.value().substring(dot + 1), RunConfigFile.toTree(value));
        }
    }

    /** A mixin's field whose path the command's record lacks: the option is not bound in that command. */
    private static boolean unboundMixinField(Field field, JsonNode tree) {
        boolean mixin = field.getDeclaringClass().getAnnotation(picocli.CommandLine.Command.class) == null;
        return mixin
                && tree.at("/" + field.getAnnotation(SpecField.class).value().replace('.', '/'))
                        .isMissingNode();
    }

    /** A step whose bad values are usage errors (exit 2); an unreadable file stays a run-time error (exit 1). */
    interface Step<T> {
        T get() throws IOException;
    }

    /** Runs {@code step}, turning an {@link IllegalArgumentException} into a usage error of {@code command}. */
    static <T> T usageErrors(CommandSpec command, Step<T> step) throws IOException {
        try {
            return step.get();
        } catch (IllegalArgumentException badValue) {
            throw new ParameterException(command.commandLine(), badValue.getMessage(), badValue);
        }
    }

    private static JsonNode node(JsonNode tree, String path) {
        JsonNode node = tree.at("/" + path.replace('.', '/'));
        if (node.isMissingNode()) {
            throw new IllegalStateException("@SpecField(\"" + path + "\") names no field of the spec");
        }
        return node;
    }

    private static Object read(Field field, Object command) {
        try {
            field.setAccessible(true);
            return field.get(command);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
