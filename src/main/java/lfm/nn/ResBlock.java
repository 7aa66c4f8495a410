package lfm.nn;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * The UNet's residual block with a time embedding (guided-diffusion's ResBlock without scale-shift
 * norm), on x (B·H·W, in) and the shared SiLU(emb) (B, E):
 * <pre>
 *   h   = conv3×3(SiLU(GN(x))) + Linear(SiLU(emb))[b]       (the embedding broadcast over pixels)
 *   out = skip(x) + conv3×3_zero(dropout(SiLU(GN(h))))      skip = x, or a 1×1 conv when in ≠ out
 * </pre>
 * Parameters as PyTorch names them: in_layers.0 (GN), in_layers.2 (conv), emb_layers.1 (Linear),
 * out_layers.0 (GN), out_layers.3 (conv, zero-initialised), skip_connection (1×1 conv, when present).
 */
public final class ResBlock implements Module {
    private final GroupNorm inNorm;
    private final Conv2d inConv;
    private final Linear embedding;
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private final PixelLinear skip;
    private final float dropout;

    public ResBlock(
            String prefix,
            int inputs,
            int outputs,
            int embeddingWidth,
            int groups,
            float dropout,
            TensorArena arena,
            RandomStream random) {
        this.inNorm = new GroupNorm(prefix + ".in_layers.0", inputs, groups, arena);
        this.inConv = new Conv2d(prefix + ".in_layers.2", inputs, outputs, 3, 1, false, false, arena, random);
        this.embedding = new Linear(prefix + ".emb_layers.1", embeddingWidth, outputs, arena, random);
        this.outNorm = new GroupNorm(prefix + ".out_layers.0", outputs, groups, arena);
        this.outConv = new Conv2d(prefix + ".out_layers.3", outputs, outputs, 3, 1, false, true, arena, random);
        this.skip = inputs == outputs
                ? null
                : new PixelLinear(prefix + ".skip_connection", inputs, outputs, 2, false, arena, random);
        this.dropout = dropout;
    }

    /**
     * The block's output for a batch of feature maps.
     *
     * @param x          (B·H·W, in)
     * @param embedding  SiLU(emb), (B, E)
     * @param dropoutKey the mask of this call's dropout, or null for none (inference)
     */
    public Variable forward(
            Tape tape, Variable x, Variable embedding, int batch, int height, int width, RandomKey dropoutKey) {
        Variable time = this.embedding.forward(tape, embedding, Activation.IDENTITY);
        Variable h =
                inConv.forward(tape, inNorm.forward(tape, x, batch, Activation.SILU), batch, height, width, time, null);
        Variable a = outNorm.forward(tape, h, batch, Activation.SILU);
        if (dropoutKey != null) {
            a = ImageFunctions.dropout(tape, a, dropout, dropoutKey);
        }
        Variable residual = skip == null ? x : skip.forward(tape, x, batch, null);
        return outConv.forward(tape, a, batch, height, width, residual);
    }

    /** Whether a forward on a recording tape draws a dropout mask. */
    public boolean usesDropout() {
        return dropout > 0;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.addAll(inNorm.parameters());
        all.addAll(inConv.parameters());
        all.addAll(embedding.parameters());
        all.addAll(outNorm.parameters());
        all.addAll(outConv.parameters());
        if (skip != null) {
            all.addAll(skip.parameters());
        }
        return all;
    }
}
