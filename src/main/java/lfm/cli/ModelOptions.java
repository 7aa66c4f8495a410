package lfm.cli;

import java.util.List;
import lfm.config.ModelSpec;
import lfm.config.UNetSpec;
import lfm.nn.UNetConfig;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code lfm train} that build its {@link ModelSpec} (a {@link Mixin} of
 * {@link TrainCommand}): {@code --model mlp} with the MLP's width, depth, activation and time embedding,
 * or {@code --model unet:PRESET}.
 */
final class ModelOptions {
    /** The flags of the MLP, an error beside a UNet. */
    private static final List<String> MLP_FLAGS = List.of("--hidden", "--depth", "--activation", "--time-embedding");

    @Option(
            names = "--model",
            defaultValue = "mlp",
            description = "mlp (--hidden, --depth, ...) or unet:PRESET for "
                    + "images (digits-t8, fmnist-xs, fmnist-s, fmnist-m, cifar-paper) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--hidden", description = "width of each hidden layer (default: ${DEFAULT-VALUE})")
    @SpecField("model.width")
    int hidden;

    @Option(names = "--depth", description = "number of hidden layers (default: ${DEFAULT-VALUE})")
    @SpecField("model.depth")
    int depth;

    @Option(names = "--activation", description = "softplus[:β], relu, silu, elu[:α], tanh (default: ${DEFAULT-VALUE})")
    @SpecField("model.activation")
    String activation;

    @Option(
            names = "--time-embedding",
            description = "sinusoidal time frequencies K, 0 = raw t as one input (default: ${DEFAULT-VALUE})")
    @SpecField("model.timeFrequencies")
    int timeFrequencies;

    /**
     * The UNet of {@code --model unet:PRESET}, or null to keep the base spec's model (--model not given
     * over a preset, or mlp); MLP flags beside a UNet (given or the preset's) are an error. {@code parsed}
     * is the command line's parse result (null when the options were not parsed from one) and
     * {@code preset} the preset's name, for the message.
     */
    ModelSpec unetModel(boolean modelGiven, ModelSpec base, CommandLine.ParseResult parsed, String preset) {
        boolean unetChosen = modelGiven ? !model.equals("mlp") : base instanceof UNetSpec;
        if (modelGiven && unetChosen && !model.startsWith("unet:")) {
            throw new IllegalArgumentException("--model must be mlp or unet:PRESET ("
                    + String.join(", ", UNetConfig.presetNames()) + "), got '" + model + "'");
        }
        if (unetChosen && parsed != null) {
            for (String mlpFlag : MLP_FLAGS) {
                if (parsed.hasMatchedOption(mlpFlag)) {
                    throw new IllegalArgumentException(mlpFlag + " applies to --model mlp, not "
                            + (modelGiven ? model : "preset " + preset + "'s UNet"));
                }
            }
        }
        return modelGiven && unetChosen ? UNetSpec.preset(model.substring("unet:".length())) : null;
    }
}
