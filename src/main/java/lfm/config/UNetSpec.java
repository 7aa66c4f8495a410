package lfm.config;

import java.util.List;
import lfm.nn.ConditionInput;
import lfm.nn.ImageShape;
import lfm.nn.UNet;
import lfm.nn.UNetConfig;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * A {@link UNet} on images of height × width × imageChannels (the authors' image network; x holds the
 * images flattened in NHWC order, D = H·W·C). The fields are those of {@link UNetConfig}, so a run's
 * config.json rebuilds the network without the preset table; {@link #preset} fills them from a named
 * preset (digits-t8, fmnist-xs, fmnist-s, fmnist-m, cifar-paper).
 *
 * @param preset               the preset the fields came from, or "custom" (for logs only)
 * @param height               image height H
 * @param width                image width W
 * @param imageChannels        channels C of the images (1 grey, 3 colour)
 * @param channels             base width of the network
 * @param channelMults         one multiplier per level
 * @param resBlocks            residual blocks per level
 * @param attentionResolutions level heights with attention (the middle always has it)
 * @param headChannels         channels per attention head, 0 = one head
 * @param groups               GroupNorm groups
 * @param dropout              dropout inside residual blocks
 */
public record UNetSpec(
        String preset,
        int height,
        int width,
        int imageChannels,
        int channels,
        List<Integer> channelMults,
        int resBlocks,
        List<Integer> attentionResolutions,
        int headChannels,
        int groups,
        double dropout)
        implements ModelSpec {

    /**
     * Images per push chunk of a UNet run unless --chunk says otherwise: a chunk's activations live at once,
     * about 2 MB per fmnist-xs image, so the tabular default of 20,000 rows would take tens of GB.
     */
    public static final int PUSH_CHUNK_ROWS = 256;

    /** The same for the wide networks (fmnist-m, cifar-paper), whose activations per image are larger. */
    public static final int WIDE_PUSH_CHUNK_ROWS = 64;

    public UNetSpec {
        if (preset == null || preset.isBlank()) {
            throw new IllegalArgumentException("a UNet spec names its preset or \"custom\"");
        }
        channelMults = List.copyOf(channelMults);
        attentionResolutions =
                List.copyOf(attentionResolutions.stream().sorted().toList());
        toConfig(
                height,
                width,
                imageChannels,
                channels,
                channelMults,
                resBlocks,
                attentionResolutions,
                headChannels,
                groups,
                dropout); // validates
    }

    /** The fields of UNet preset {@code name} (an unknown name is an {@link IllegalArgumentException}). */
    public static UNetSpec preset(String name) {
        UNetConfig config = UNetConfig.preset(name);
        return new UNetSpec(
                name.toLowerCase(java.util.Locale.ROOT),
                config.image().height(),
                config.image().width(),
                config.image().channels(),
                config.channels(),
                config.channelMults(),
                config.resBlocks(),
                List.copyOf(config.attentionResolutions()),
                config.headChannels(),
                config.groups(),
                Double.parseDouble(Float.toString(config.dropout())));
    }

    /** The same network on images of another shape (e.g. a preset on CIFAR's 32×32×3). */
    public UNetSpec withImage(ImageShape image) {
        return new UNetSpec(
                preset,
                image.height(),
                image.width(),
                image.channels(),
                channels,
                channelMults,
                resBlocks,
                attentionResolutions,
                headChannels,
                groups,
                dropout);
    }

    public ImageShape image() {
        return new ImageShape(height, width, imageChannels);
    }

    public UNetConfig config() {
        return toConfig(
                height,
                width,
                imageChannels,
                channels,
                channelMults,
                resBlocks,
                attentionResolutions,
                headChannels,
                groups,
                dropout);
    }

    private static UNetConfig toConfig(
            int height,
            int width,
            int imageChannels,
            int channels,
            List<Integer> mults,
            int resBlocks,
            List<Integer> attention,
            int headChannels,
            int groups,
            double dropout) {
        return new UNetConfig(
                new ImageShape(height, width, imageChannels),
                channels,
                mults,
                resBlocks,
                new java.util.HashSet<>(attention),
                headChannels,
                groups,
                (float) dropout);
    }

    /**
     * The UNet, unconditional or class-conditional: a condition of C values (K classes one-hot) enters
     * through the UNet's class embedding table ({@link UNet}); an own condition encoder is refused.
     */
    @Override
    public VelocityField newField(int dimension, ConditionInput condition, TensorArena arena, RandomStream random) {
        if (condition.embedding() > 0) {
            throw new IllegalArgumentException("--condition-embedding applies to MLPs; a UNet embeds its condition "
                    + "in its own class embedding table (drop --condition-embedding)");
        }
        if (dimension != image().size()) {
            throw new IllegalArgumentException("the UNet takes " + image() + " images (D = " + image().size()
                    + "), the data have D = " + dimension);
        }
        return new UNet(config(), condition, arena, random);
    }

    @Override
    public String describe() {
        return describe(ConditionInput.NONE);
    }

    @Override
    public String describe(ConditionInput condition) {
        return "UNet " + preset + " (" + channels + " channels × " + channelMults + ", " + image() + ", "
                + String.format("%,d", config().parameterCount(condition)) + " parameters)";
    }
}
