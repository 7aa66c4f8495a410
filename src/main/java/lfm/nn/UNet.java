package lfm.nn;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A UNet velocity field on images (guided-diffusion's UNet as the LFM authors use it), configured by a
 * {@link UNetConfig}. x (N, D) holds N images flattened in NHWC order (D = H·W·C, see
 * {@link ImageShape}), t (N, 1) the raw times in [0, 1]; v has x's shape. Inside, a batch is an
 * (N·H·W, channels) matrix, so 1×1 convolutions are matrix products and channel concatenation is
 * {@code concatColumns}.
 * <pre>
 *   emb  = Linear(SiLU(Linear(sinusoid(t))))              sinusoid: [cos | sin] of width channels
 *   emb += [c | 0]·E, or [0 … 0 | 1]·E for ∅               class-conditional UNet only (below)
 *   down: conv3×3, then per level resBlocks × (ResBlock [+ attention]) and a stride-2 conv3×3 (not
 *         after the last level); every output is kept as a skip
 *   mid:  ResBlock, attention, ResBlock
 *   up:   per level (reversed) resBlocks + 1 × (ResBlock over [h | skip] [+ attention]), then nearest
 *         ×2 upsampling fused into a conv3×3 (not at level 0)
 *   out:  conv3×3(SiLU(GN(h))), zero-initialised: the field is exactly 0 at initialisation
 * </pre>
 * Parameters carry PyTorch's state-dict names (time_embed.0.weight, input_blocks.1.0.in_layers.2.weight,
 * ...; see benchmarks/torch_unet_ref.py). Layouts, in memory and in safetensors alike: convolution
 * weights (out, in, kh, kw) as {@code nn.Conv2d}, 1×1 attention projections (out, in, 1) as
 * {@code nn.Conv1d}, conv and GroupNorm biases (out). The Linear layers of the time embedding keep
 * {@link Linear}'s bias layout ((1, out) in memory; PyTorch's is (out), the same values).
 *
 * <p>Class conditioning (guided-diffusion's {@code label_emb}): a UNet built with a condition of C
 * values (K classes fed one-hot, C = K) has a learned table E, "label_emb.weight" (C + 1, 4·channels)
 * with a learned null condition ∅ for classifier-free guidance, else (C, 4·channels), laid out as
 * PyTorch's {@code nn.Embedding}. The embedding of one-hot class k is row k of E; it is added to the
 * time embedding before the SiLU every residual block reads, so the class reaches every block. Row C
 * is ∅'s embedding: v(x, t, ∅) has no class information. E starts N(0, 1), as {@code nn.Embedding}
 * does, drawn from a stream of its own, so the other weights equal those of the unconditional UNet of
 * the same seed.
 *
 * <p>Dropout (config.dropout() &gt; 0) runs only on training tapes ({@link Tape#isTraining}); each residual block then draws its
 * mask key from {@link #dropoutStream()}, whose position a checkpoint must keep to resume exactly.
 */
public final class UNet implements VelocityField {
    private final UNetConfig config;
    private final ConditionInput condition;
    private final Parameter classEmbedding;
    private final Linear timeHidden;
    private final Linear timeOut;
    private final Conv2d inputConv;
    private final List<Stage> down = new ArrayList<>();
    private final List<Stage> middle = new ArrayList<>();
    private final List<Stage> up = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private RandomStream dropoutStream;

    /**
     * One layer of a path, with the level (resolution) it runs at; on the way down, {@code endsBlock}
     * marks the last layer of an input block (its output is a skip); on the way up, {@code takesSkip}
     * marks a residual block whose input is [h | skip].
     */
    private record Stage(int level, Module layer, boolean takesSkip, boolean endsBlock) {}

    /** An unconditional UNet, v(x, t). */
    public UNet(UNetConfig config, TensorArena arena, RandomStream random) {
        this(config, ConditionInput.NONE, arena, random);
    }

    /**
     * A UNet reading {@code condition}: none, or C values (one-hot classes) with or without a learned null
     * condition. A condition encoder ({@link ConditionInput#embedding()} &gt; 0) does not apply: the class
     * embedding table is the UNet's encoder.
     */
    public UNet(UNetConfig config, ConditionInput condition, TensorArena arena, RandomStream random) {
        if (condition.embedding() > 0) {
            throw new IllegalArgumentException("a UNet embeds its condition itself (a table of 4·channels = "
                    + config.embeddingWidth() + " wide rows); --condition-embedding applies to MLPs only");
        }
        this.config = config;
        this.condition = condition;
        int embedding = config.embeddingWidth();
        this.timeHidden = new Linear("time_embed.0", config.channels(), embedding, arena, random);
        this.timeOut = new Linear("time_embed.2", embedding, embedding, arena, random);
        this.inputConv = new Conv2d(
                "input_blocks.0.0", config.image().channels(), config.channels(), 3, 1, false, false, arena, random);
        int width = config.channels();
        int block = 1;
        for (int level = 0; level < config.levels(); level++) {
            for (int r = 0; r < config.resBlocks(); r++, block++) {
                String prefix = "input_blocks." + block;
                down.add(resBlock(
                        level,
                        prefix + ".0",
                        width,
                        config.levelChannels(level),
                        false,
                        !config.attentionAt(level),
                        arena,
                        random));
                width = config.levelChannels(level);
                addAttention(down, level, prefix + ".1", width, arena, random);
            }
            if (level < config.levels() - 1) {
                down.add(new Stage(
                        level,
                        new Conv2d(
                                "input_blocks." + block++ + ".0.op", width, width, 3, 2, false, false, arena, random),
                        false,
                        true));
            }
        }
        int last = config.levels() - 1;
        middle.add(resBlock(last, "middle_block.0", width, width, false, false, arena, random));
        middle.add(new Stage(
                last,
                new AttentionBlock("middle_block.1", width, config.heads(width), config.groups(), arena, random),
                false,
                false));
        middle.add(resBlock(last, "middle_block.2", width, width, false, false, arena, random));
        List<Integer> skips = config.skipChannels();
        block = 0;
        for (int level = last; level >= 0; level--) {
            for (int i = 0; i <= config.resBlocks(); i++, block++) {
                String prefix = "output_blocks." + block;
                int skip = skips.removeLast();
                up.add(resBlock(
                        level, prefix + ".0", width + skip, config.levelChannels(level), true, false, arena, random));
                width = config.levelChannels(level);
                int index = addAttention(up, level, prefix + ".1", width, arena, random) ? 2 : 1;
                if (level > 0 && i == config.resBlocks()) {
                    up.add(new Stage(
                            level,
                            new Conv2d(prefix + "." + index + ".conv", width, width, 3, 1, true, false, arena, random),
                            false,
                            false));
                }
            }
        }
        this.outNorm = new GroupNorm("out.0", width, config.groups(), arena);
        this.outConv = new Conv2d("out.2", width, config.image().channels(), 3, 1, false, true, arena, random);
        this.dropoutStream = random.fork(0xD60_0F);
        this.classEmbedding =
                condition.present() ? newClassEmbedding(condition, embedding, arena, random.fork(0x1ABE1)) : null;
    }

    /** E: (C [+ 1 for ∅], embedding), N(0, 1) entries. */
    private static Parameter newClassEmbedding(
            ConditionInput condition, int embedding, TensorArena arena, RandomStream random) {
        int rows = condition.dimension() + (condition.learnedNull() ? 1 : 0);
        Parameter table = new Parameter("label_emb.weight", Shape.matrix(rows, embedding), arena);
        float[] values = new float[rows * embedding];
        RandomKey key = random.next();
        for (int i = 0; i < values.length; i++) {
            values[i] = Distributions.normal(key, i);
        }
        table.backend().fromHost(values, table.value());
        return table;
    }

    private Stage resBlock(
            int level,
            String prefix,
            int inputs,
            int outputs,
            boolean takesSkip,
            boolean endsBlock,
            TensorArena arena,
            RandomStream random) {
        return new Stage(
                level,
                new ResBlock(
                        prefix,
                        inputs,
                        outputs,
                        config.embeddingWidth(),
                        config.groups(),
                        config.dropout(),
                        arena,
                        random),
                takesSkip,
                endsBlock);
    }

    private boolean addAttention(
            List<Stage> path, int level, String prefix, int width, TensorArena arena, RandomStream random) {
        if (!config.attentionAt(level)) {
            return false;
        }
        path.add(new Stage(
                level,
                new AttentionBlock(prefix, width, config.heads(width), config.groups(), arena, random),
                false,
                true));
        return true;
    }

    @Override
    public int dimension() {
        return config.image().size();
    }

    public UNetConfig config() {
        return config;
    }

    @Override
    public ConditionInput condition() {
        return condition;
    }

    /** v(x, t, c): x (N, H·W·C) in NHWC order, t (N, 1), c (N, C) or null (∅, or no condition) → (N, H·W·C). */
    @Override
    public Variable forward(Tape tape, Variable x, Variable t, Variable condition) {
        int batch = x.rows();
        ImageShape image = config.image();
        if (x.cols() != image.size()) {
            throw new IllegalArgumentException("UNet on " + image + " images needs " + image.size()
                    + " columns per row, got " + x.value().shape());
        }
        Variable time = ImageFunctions.timestepEmbedding(tape, t, config.channels());
        time = timeHidden.forward(tape, time, Activation.SILU);
        Variable embedding; // SiLU(emb), shared by every block
        if (classEmbedding == null) {
            if (condition != null) {
                throw new IllegalArgumentException("this UNet is unconditional; it takes no condition");
            }
            embedding = timeOut.forward(tape, time, Activation.SILU);
        } else {
            Variable sum = Functions.add(
                    tape, timeOut.forward(tape, time, Activation.IDENTITY), classTerm(tape, condition, batch));
            embedding = Functions.activation(tape, sum, Activation.SILU);
        }
        Variable pixels = ImageFunctions.reshape(tape, x, Shape.matrix(batch * image.pixels(), image.channels()));
        Variable h = inputConv.forward(tape, pixels, batch, image.height(), image.width(), null);
        List<Variable> skips = new ArrayList<>(List.of(h));
        for (Stage stage : down) {
            h = run(tape, stage, h, embedding, batch);
            if (stage.endsBlock()) {
                skips.add(h);
            }
        }
        for (Stage stage : middle) {
            h = run(tape, stage, h, embedding, batch);
        }
        for (Stage stage : up) {
            Variable input = stage.takesSkip() ? Functions.concatColumns(tape, h, skips.removeLast()) : h;
            h = run(tape, stage, input, embedding, batch);
        }
        h = outNorm.forward(tape, h, batch, Activation.SILU);
        h = outConv.forward(tape, h, batch, image.height(), image.width(), null);
        return ImageFunctions.reshape(tape, h, Shape.matrix(batch, image.size()));
    }

    /** The class embedding of N rows: [c | 0]·E for real conditions, [0 … 0 | 1]·E for ∅ (null). (N, emb) */
    private Variable classTerm(Tape tape, Variable condition, int rows) {
        int tableRows = classEmbedding.value().rows();
        if (condition == null) {
            if (!this.condition.learnedNull()) {
                throw new IllegalArgumentException("this conditional UNet has no null condition (train with "
                        + "--condition-dropout > 0 for an unconditional branch and guidance)");
            }
            Tensor select = tape.allocate(Shape.matrix(rows, tableRows));
            float[] values = new float[rows * tableRows];
            for (int i = 0; i < rows; i++) {
                values[i * tableRows + tableRows - 1] = 1f;
            }
            tape.backend().fromHost(values, select);
            return Functions.matmul(tape, tape.constant(select), false, tape.parameter(classEmbedding), false);
        }
        if (condition.cols() != this.condition.dimension() || condition.rows() != rows) {
            throw new IllegalArgumentException("condition " + condition.value().shape() + " for " + rows
                    + " rows; the UNet takes " + this.condition.dimension() + " values per row");
        }
        Variable select = condition;
        if (this.condition.learnedNull()) {
            Tensor zeros = tape.allocate(Shape.matrix(rows, 1));
            tape.backend().fill(zeros, 0f);
            select = Functions.concatColumns(tape, condition, tape.constant(zeros));
        }
        return Functions.matmul(tape, select, false, tape.parameter(classEmbedding), false);
    }

    private Variable run(Tape tape, Stage stage, Variable h, Variable embedding, int batch) {
        int height = config.levelHeight(stage.level()), width = config.levelWidth(stage.level());
        return switch (stage.layer()) {
            case ResBlock block -> block.forward(tape, h, embedding, batch, height, width, dropoutKey(tape, block));
            case AttentionBlock attention -> attention.forward(tape, h, batch);
            case Conv2d conv -> conv.forward(tape, h, batch, height, width, null);
            default -> throw new IllegalStateException("unexpected layer " + stage.layer());
        };
    }

    private RandomKey dropoutKey(Tape tape, ResBlock block) {
        return tape.isTraining() && block.usesDropout() ? dropoutStream.next() : null;
    }

    /** The stream dropout masks are drawn from (one key per residual block and training forward). */
    public RandomStream dropoutStream() {
        return dropoutStream;
    }

    /** Replaces the dropout stream (a resumed run restores its position). */
    public void setDropoutStream(RandomStream stream) {
        this.dropoutStream = stream;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.addAll(timeHidden.parameters());
        all.addAll(timeOut.parameters());
        all.addAll(inputConv.parameters());
        for (List<Stage> path : List.of(down, middle, up)) {
            for (Stage stage : path) {
                all.addAll(stage.layer().parameters());
            }
        }
        all.addAll(outNorm.parameters());
        all.addAll(outConv.parameters());
        if (classEmbedding != null) {
            all.add(classEmbedding);
        }
        return all;
    }
}
