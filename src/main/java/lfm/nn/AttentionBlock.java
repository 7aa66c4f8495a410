package lfm.nn;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Attention;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * Self-attention over the pixels of each image with a residual (guided-diffusion's AttentionBlock,
 * legacy head order): out = x + proj(attention(qkv(GN(x)))), heads of C / heads channels, q and k
 * each scaled by d^(−1/4) (see {@link Attention}), proj zero-initialised. Parameters: norm (GN),
 * qkv (Conv1d weight (3C, C, 1)), proj_out (Conv1d weight (C, C, 1)).
 */
public final class AttentionBlock implements Module {
    private final GroupNorm norm;
    private final PixelLinear qkv;
    private final PixelLinear projection;
    private final int heads;

    public AttentionBlock(String prefix, int channels, int heads, int groups, TensorArena arena, RandomStream random) {
        if (heads < 1 || channels % heads != 0) {
            throw new IllegalArgumentException(
                    prefix + ": " + channels + " channels do not split into " + heads + " heads");
        }
        this.norm = new GroupNorm(prefix + ".norm", channels, groups, arena);
        this.qkv = new PixelLinear(prefix + ".qkv", channels, 3 * channels, 1, false, arena, random);
        this.projection = new PixelLinear(prefix + ".proj_out", channels, channels, 1, true, arena, random);
        this.heads = heads;
    }

    /** x (B·P, C) → (B·P, C). */
    public Variable forward(Tape tape, Variable x, int batch) {
        Variable projected = qkv.forward(tape, norm.forward(tape, x, batch, Activation.IDENTITY), batch, null);
        Variable attended = Attention.attention(tape, projected, batch, heads);
        return projection.forward(tape, attended, batch, x);
    }

    public int heads() {
        return heads;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(norm.parameters());
        all.addAll(qkv.parameters());
        all.addAll(projection.parameters());
        return all;
    }
}
