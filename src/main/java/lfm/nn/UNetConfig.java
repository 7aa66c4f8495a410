package lfm.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Architecture of a {@link UNet} (the authors' family: guided-diffusion's UNet as torchcfm and the LFM
 * authors use it, without scale-shift norm). Class conditioning belongs to the run's condition, not to
 * this record: {@link UNet} adds its class embedding table where the run has one, and
 * {@link #parameterCount()} counts the unconditional network, {@link #parameterCount(ConditionInput)}
 * adds that table.
 *
 * @param image               the image shape H × W × C
 * @param channels            base width (model_channels); the time embedding is 4·channels wide
 * @param channelMults        one multiplier per level (level l works at channels·mult[l], resolution H/2^l)
 * @param resBlocks           residual blocks per level on the way down (resBlocks + 1 on the way up)
 * @param attentionResolutions level heights (in pixels) that get attention after each residual block; the
 *                            middle always has attention
 * @param headChannels        channels per attention head; 0 = one head spanning every channel
 * @param groups              GroupNorm groups (must divide every channel count a norm sees)
 * @param dropout             dropout probability inside the residual blocks, in [0, 1)
 */
public record UNetConfig(
        ImageShape image,
        int channels,
        List<Integer> channelMults,
        int resBlocks,
        Set<Integer> attentionResolutions,
        int headChannels,
        int groups,
        float dropout) {

    /** The presets by name, with the parameter counts their architecture implies. */
    private static final Map<String, UNetConfig> PRESETS = Map.of(
            "digits-t8", new UNetConfig(new ImageShape(8, 8, 1), 16, List.of(1, 2), 1, Set.of(), 0, 8, 0f),
            "fmnist-xs", new UNetConfig(new ImageShape(28, 28, 1), 16, List.of(1, 2, 2), 1, Set.of(), 0, 8, 0f),
            "fmnist-s", new UNetConfig(new ImageShape(28, 28, 1), 32, List.of(1, 2, 2), 1, Set.of(), 0, 32, 0f),
            "fmnist-m", new UNetConfig(new ImageShape(28, 28, 1), 64, List.of(1, 2, 2), 2, Set.of(7), 32, 32, 0f),
            "cifar-paper",
                    new UNetConfig(new ImageShape(32, 32, 3), 128, List.of(1, 2, 2, 2), 2, Set.of(16), 32, 32, 0.1f));

    public UNetConfig {
        channelMults = List.copyOf(channelMults);
        attentionResolutions = Set.copyOf(new TreeSet<>(attentionResolutions));
        if (channels < 1 || resBlocks < 1 || channelMults.isEmpty() || groups < 1 || headChannels < 0) {
            throw new IllegalArgumentException("UNet: channels, res blocks and groups must be ≥ 1, head channels ≥ 0"
                    + " and at least one level is needed, got channels " + channels + ", res blocks " + resBlocks
                    + ", mults " + channelMults + ", groups " + groups + ", head channels " + headChannels);
        }
        for (int mult : channelMults) {
            if (mult < 1) {
                throw new IllegalArgumentException("UNet: channel multipliers must be ≥ 1, got " + channelMults);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("UNet: dropout must be in [0, 1), got " + dropout);
        }
        int factor = 1 << (channelMults.size() - 1);
        if (image.height() % factor != 0 || image.width() % factor != 0) {
            throw new IllegalArgumentException("UNet: image " + image + " is not divisible by 2^(levels − 1) = "
                    + factor + " (" + channelMults.size() + " levels halve it " + (channelMults.size() - 1)
                    + " times); use fewer levels or pad the images");
        }
        validateWidths(image, channels, channelMults, resBlocks, attentionResolutions, headChannels, groups);
    }

    /** The named presets: digits-t8, fmnist-xs, fmnist-s, fmnist-m, cifar-paper. */
    public static UNetConfig preset(String name) {
        UNetConfig config = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (config == null) {
            throw new IllegalArgumentException(
                    "unknown UNet preset '" + name + "' (expected one of " + presetNames() + ")");
        }
        return config;
    }

    public static List<String> presetNames() {
        return List.of("digits-t8", "fmnist-xs", "fmnist-s", "fmnist-m", "cifar-paper");
    }

    public int levels() {
        return channelMults.size();
    }

    /** Channels of level l: channels·mult[l]. */
    public int levelChannels(int level) {
        return channels * channelMults.get(level);
    }

    /** Height of the images at level l: H / 2^l. */
    public int levelHeight(int level) {
        return image.height() >> level;
    }

    public int levelWidth(int level) {
        return image.width() >> level;
    }

    /** Whether level l has attention after its residual blocks. */
    public boolean attentionAt(int level) {
        return attentionResolutions.contains(levelHeight(level));
    }

    /** Width of the time embedding, 4·channels. */
    public int embeddingWidth() {
        return 4 * channels;
    }

    /** Heads of an attention block over {@code width} channels. */
    public int heads(int width) {
        return headChannels == 0 ? 1 : width / headChannels;
    }

    /**
     * Channels of the skip tensors pushed on the way down, in push order: the input conv's output, then
     * per level each residual block's output and (but at the last level) the downsampled tensor.
     */
    public List<Integer> skipChannels() {
        List<Integer> skips = new ArrayList<>();
        skips.add(channels);
        for (int level = 0; level < levels(); level++) {
            for (int r = 0; r < resBlocks; r++) {
                skips.add(levelChannels(level));
            }
            if (level < levels() - 1) {
                skips.add(levelChannels(level));
            }
        }
        return skips;
    }

    /** What {@link #walk} reports: every layer of the network, in order, with the level it runs at. */
    private interface Layers {
        void conv(long inputs, long outputs, int kernel, int level, boolean halves, boolean doubles);

        void resBlock(long inputs, long outputs, int level);

        void attention(long width, int level);
    }

    /** Visits the layers: input conv, down path, middle, up path, output head (not the time embedding). */
    private void walk(Layers layers) {
        layers.conv(image.channels(), channels, 3, 0, false, false);
        int width = channels;
        for (int level = 0; level < levels(); level++) {
            for (int r = 0; r < resBlocks; r++) {
                layers.resBlock(width, levelChannels(level), level);
                width = levelChannels(level);
                if (attentionAt(level)) {
                    layers.attention(width, level);
                }
            }
            if (level < levels() - 1) {
                layers.conv(width, width, 3, level, true, false);
            }
        }
        layers.resBlock(width, width, levels() - 1);
        layers.attention(width, levels() - 1);
        layers.resBlock(width, width, levels() - 1);
        List<Integer> skips = skipChannels();
        for (int level = levels() - 1; level >= 0; level--) {
            for (int i = 0; i <= resBlocks; i++) {
                layers.resBlock(width + skips.removeLast(), levelChannels(level), level);
                width = levelChannels(level);
                if (attentionAt(level)) {
                    layers.attention(width, level);
                }
                if (level > 0 && i == resBlocks) {
                    layers.conv(width, width, 3, level - 1, false, true);
                }
            }
        }
        layers.conv(width, image.channels(), 3, 0, false, false);
    }

    /**
     * The number of trainable scalars, counted from the architecture alone (independently of building
     * the network): time embedding, input conv, down path, middle, up path, output head, and for a
     * class-conditional network its table of (C [+ 1 for ∅]) × 4·channels class embeddings.
     */
    public long parameterCount(ConditionInput condition) {
        long table = condition.present()
                ? (long) (condition.dimension() + (condition.learnedNull() ? 1 : 0)) * embeddingWidth()
                : 0;
        return parameterCount() + table;
    }

    /** {@link #parameterCount(ConditionInput)} of the unconditional network. */
    public long parameterCount() {
        long embedding = embeddingWidth();
        long[] total = {channels * embedding + embedding + embedding * embedding + embedding};
        walk(new Layers() {
            @Override
            public void conv(long inputs, long outputs, int kernel, int level, boolean halves, boolean doubles) {
                total[0] += convolution(inputs, outputs, kernel);
            }

            @Override
            public void resBlock(long inputs, long outputs, int level) {
                total[0] += 2 * inputs
                        + convolution(inputs, outputs, 3)
                        + embedding * outputs
                        + outputs
                        + 2 * outputs
                        + convolution(outputs, outputs, 3)
                        + (inputs == outputs ? 0 : convolution(inputs, outputs, 1));
            }

            @Override
            public void attention(long width, int level) {
                total[0] += 2 * width + convolution(width, 3 * width, 1) + convolution(width, width, 1);
            }
        });
        total[0] += 2L * levelChannels(0); // the output head's GroupNorm
        return total[0];
    }

    private static long convolution(long inputs, long outputs, int kernel) {
        return inputs * outputs * kernel * kernel + outputs;
    }

    /**
     * Floating-point operations (2 per multiply-add) of one forward pass on {@code batch} images: the
     * convolutions (padding taps included), 1×1 projections, time-embedding layers and attention
     * products. A training step costs about three times this (forward, and two products per layer back).
     */
    public double forwardFlops(int batch) {
        double embedding = embeddingWidth();
        double[] total = {2.0 * batch * (channels * embedding + embedding * embedding)};
        walk(new Layers() {
            @Override
            public void conv(long inputs, long outputs, int kernel, int level, boolean halves, boolean doubles) {
                int outLevel = halves ? level + 1 : level;
                total[0] += 2.0 * pixels(batch, outLevel) * outputs * inputs * kernel * kernel;
            }

            @Override
            public void resBlock(long inputs, long outputs, int level) {
                double pixels = pixels(batch, level);
                total[0] += 2.0 * pixels * outputs * 9 * (inputs + outputs)
                        + 2.0 * batch * embedding * outputs
                        + (inputs == outputs ? 0 : 2.0 * pixels * inputs * outputs);
            }

            @Override
            public void attention(long width, int level) {
                double pixels = pixels(batch, level), perImage = pixels / batch;
                total[0] += 2.0 * pixels * width * 4 * width + 2 * 2.0 * pixels * perImage * width;
            }
        });
        return total[0];
    }

    private double pixels(int batch, int level) {
        return (double) batch * levelHeight(level) * levelWidth(level);
    }

    /** Every GroupNorm and attention width must split into groups and heads; listed resolutions must exist. */
    private static void validateWidths(
            ImageShape image,
            int channels,
            List<Integer> mults,
            int resBlocks,
            Set<Integer> attention,
            int headChannels,
            int groups) {
        Set<Integer> heights = new TreeSet<>();
        List<Integer> normWidths = new ArrayList<>(List.of(channels));
        List<Integer> skips = new ArrayList<>(List.of(channels));
        int width = channels;
        for (int level = 0; level < mults.size(); level++) {
            heights.add(image.height() >> level);
            normWidths.add(width);
            width = channels * mults.get(level);
            normWidths.add(width);
            for (int r = 0; r < resBlocks + (level < mults.size() - 1 ? 1 : 0); r++) {
                skips.add(width);
            }
        }
        for (int level = mults.size() - 1; level >= 0; level--) {
            for (int i = 0; i <= resBlocks; i++) {
                normWidths.add(width + skips.removeLast());
                width = channels * mults.get(level);
            }
        }
        for (int normWidth : normWidths) {
            if (normWidth % groups != 0) {
                throw new IllegalArgumentException("UNet: a GroupNorm over " + normWidth + " channels cannot use "
                        + groups + " groups (channels " + channels + " × mults " + mults + "); pick groups dividing "
                        + "every width");
            }
        }
        for (int resolution : attention) {
            if (!heights.contains(resolution)) {
                throw new IllegalArgumentException("UNet: attention resolution " + resolution + " matches no level"
                        + " (level heights " + heights + ")");
            }
        }
        for (int level = 0; level < mults.size(); level++) {
            int levelWidth = channels * mults.get(level);
            boolean used = attention.contains(image.height() >> level) || level == mults.size() - 1;
            if (used && headChannels > 0 && levelWidth % headChannels != 0) {
                throw new IllegalArgumentException(
                        "UNet: " + levelWidth + " attention channels do not split into" + " heads of " + headChannels);
            }
        }
    }
}
