package lfm.autograd;

import lfm.backend.Backend;
import lfm.backend.MatrixBatch;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * Multi-head self-attention over the pixels of each image, and the row softmax it is built on.
 *
 * <p>Layout: qkv (B·P, 3·C) is the output of the qkv projection, P pixels per image; its columns are
 * grouped per head as in guided-diffusion's "legacy" order: head h owns columns [3h·d, 3(h + 1)·d) =
 * [q_h | k_h | v_h], d = C / heads. The result (B·P, C) holds head h in columns [h·d, (h + 1)·d).
 * Per image b and head h, with q, k, v the (P, d) blocks:
 * <pre>
 *   S = softmax_rows(q·kᵀ / √d)   (q and k each scaled by d^(−1/4), as the authors' code does)
 *   out = S·v
 * </pre>
 * The score matrices (heads·B·P, P) are kept for the backward. Every product is one strided batched
 * call per head over the B images, reading q, k and v in place.
 */
public final class Attention {
    private Attention() {}

    /** y = row softmax of x. Backward: dx += y ⊙ (dy − rowdot(dy, y)). */
    public static Variable softmaxRows(Tape tape, Variable x) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(x.value().shape(), x.value());
        backend.softmaxRows(x.value(), out);
        Variable result = tape.result(out, x);
        tape.record(result, () -> {
            boolean accumulate = x.grad() != null;
            backend.softmaxRowsBackward(out, result.grad(), tape.gradForWrite(x), accumulate);
        });
        return result;
    }

    /** Attention of every image of qkv (B·P, 3·C) with {@code heads} heads; see the class comment. */
    public static Variable attention(Tape tape, Variable qkv, int batch, int heads) {
        Backend backend = tape.backend();
        int rows = qkv.rows();
        int channels = qkv.cols() / 3;
        if (qkv.cols() % 3 != 0 || heads < 1 || channels % heads != 0 || batch < 1 || rows % batch != 0) {
            throw new IllegalArgumentException("attention: qkv " + qkv.value().shape() + " does not split into " + batch
                    + " images and " + heads + " heads");
        }
        Layout layout = new Layout(batch, rows / batch, channels, heads);
        Tensor scores = tape.allocateLike(Shape.matrix(heads * rows, layout.pixels()), qkv.value());
        Tensor out = tape.allocateLike(Shape.matrix(rows, channels), qkv.value());
        float scale = (float) (1 / Math.sqrt(layout.headChannels()));
        for (int h = 0; h < heads; h++) {
            backend.matmulBatched(
                    batch,
                    layout.part(qkv.value(), h, 0),
                    false,
                    layout.part(qkv.value(), h, 1),
                    true,
                    layout.scores(scores, h),
                    scale,
                    0f);
        }
        backend.softmaxRows(scores, scores);
        for (int h = 0; h < heads; h++) {
            backend.matmulBatched(
                    batch,
                    layout.scores(scores, h),
                    false,
                    layout.part(qkv.value(), h, 2),
                    false,
                    layout.output(out, h),
                    1f,
                    0f);
        }
        Variable result = tape.result(out, qkv);
        tape.record(result, () -> backward(tape, qkv, result.grad(), scores, layout, scale));
        return result;
    }

    private static void backward(Tape tape, Variable qkv, Tensor gradOut, Tensor scores, Layout layout, float scale) {
        Backend backend = tape.backend();
        // Every element of qkv's gradient is written once per head block: overwrite when it is new.
        float keep = qkv.grad() != null ? 1f : 0f;
        Tensor gradQkv = tape.gradForWrite(qkv);
        Tensor gradScores = tape.allocateLike(scores.shape(), scores);
        int batch = layout.batch();
        for (int h = 0; h < layout.heads(); h++) {
            // dV = Sᵀ·dO, dS = dO·Vᵀ
            backend.matmulBatched(
                    batch,
                    layout.scores(scores, h),
                    true,
                    layout.output(gradOut, h),
                    false,
                    layout.part(gradQkv, h, 2),
                    1f,
                    keep);
            backend.matmulBatched(
                    batch,
                    layout.output(gradOut, h),
                    false,
                    layout.part(qkv.value(), h, 2),
                    true,
                    layout.scores(gradScores, h),
                    1f,
                    0f);
        }
        backend.softmaxRowsBackward(scores, gradScores, gradScores, false);
        for (int h = 0; h < layout.heads(); h++) {
            // dQ = scale·dZ·K, dK = scale·dZᵀ·Q, Z = scale·Q·Kᵀ the pre-softmax scores
            backend.matmulBatched(
                    batch,
                    layout.scores(gradScores, h),
                    false,
                    layout.part(qkv.value(), h, 1),
                    false,
                    layout.part(gradQkv, h, 0),
                    scale,
                    keep);
            backend.matmulBatched(
                    batch,
                    layout.scores(gradScores, h),
                    true,
                    layout.part(qkv.value(), h, 0),
                    false,
                    layout.part(gradQkv, h, 1),
                    scale,
                    keep);
        }
    }

    /** Where each head's blocks live: B images of P pixels, C channels, heads of d = C / heads. */
    private record Layout(int batch, int pixels, int channels, int heads) {
        int headChannels() {
            return channels / heads;
        }

        /** Block {@code which} (0 = q, 1 = k, 2 = v) of head h in a (B·P, 3C) tensor, one (P, d) matrix per image. */
        MatrixBatch part(Tensor qkv, int h, int which) {
            int d = headChannels();
            return new MatrixBatch(
                    qkv, (long) (3 * h + which) * d, pixels, d, 3 * channels, (long) pixels * 3 * channels);
        }

        /** Head h's (P, P) score matrices of the B images in a (heads·B·P, P) tensor. */
        MatrixBatch scores(Tensor scores, int h) {
            long square = (long) pixels * pixels;
            return new MatrixBatch(scores, (long) h * batch * square, pixels, pixels, pixels, square);
        }

        /** Head h's (P, d) block of each image in a (B·P, C) tensor. */
        MatrixBatch output(Tensor out, int h) {
            int d = headChannels();
            return new MatrixBatch(out, (long) h * d, pixels, d, channels, (long) pixels * channels);
        }
    }
}
