package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.Checks;
import lfm.bindings.kernels.LfmKernels;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Random draws and the flow-matching path sample of the CUDA backend: the counter-based (Philox)
 * kernels, which draw what the reference draws for the same key.
 */
final class RandomOps extends CudaOperands {
    RandomOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        super(backend, stream, scratch);
    }

    public void fillUniform(Tensor out, RandomKey key) {
        check(
                "lfm_fill_uniform",
                LfmKernels.lfm_fill_uniform(
                        stream,
                        on(out),
                        out.size(),
                        key.key0(),
                        key.key1(),
                        key.stream0(),
                        key.stream1(),
                        key.offset()));
    }

    public void fillNormal(Tensor out, RandomKey key) {
        check(
                "lfm_fill_normal",
                LfmKernels.lfm_fill_normal(
                        stream,
                        on(out),
                        out.size(),
                        key.key0(),
                        key.key1(),
                        key.stream0(),
                        key.stream1(),
                        key.offset()));
    }

    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("Beta(a, b) needs a, b > 0, got " + a + ", " + b);
        }
        check(
                "lfm_fill_beta",
                LfmKernels.lfm_fill_beta(
                        stream,
                        on(out),
                        out.size(),
                        a,
                        b,
                        key.key0(),
                        key.key1(),
                        key.stream0(),
                        key.stream1(),
                        key.offset()));
    }

    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        check(
                "lfm_gather_random_rows",
                LfmKernels.lfm_gather_random_rows(
                        stream,
                        on(source),
                        source.rows(),
                        source.cols(),
                        on(out),
                        out.rows(),
                        key.key0(),
                        key.key1(),
                        key.stream0(),
                        key.stream1(),
                        key.offset()));
    }

    /** The raw Philox words of a draw: word i = word i % 4 of block i / 4 (for the equality test). */
    public int[] philoxWords(RandomKey key, int count) {
        try (TensorArena scratchArena = backend.newArena("philox words")) {
            Tensor words = scratchArena.allocate(lfm.tensor.Shape.matrix(1, count));
            check(
                    "lfm_philox_words",
                    LfmKernels.lfm_philox_words(
                            stream, on(words), count, key.key0(), key.key1(), key.stream0(), key.stream1()));
            float[] bits = backend.toHost(words);
            int[] result = new int[count];
            for (int i = 0; i < count; i++) {
                result[i] = Float.floatToRawIntBits(bits[i]);
            }
            return result;
        }
    }

    public void pathSample(
            Tensor xLeft,
            Tensor t,
            float shrink,
            float noiseScale,
            Interpolant interpolant,
            RandomKey noiseKey,
            Tensor xt,
            Tensor target) {
        Checks.column("pathSample", t, xLeft.rows());
        Checks.sameMatrix("pathSample", xLeft, xt);
        Checks.sameMatrix("pathSample", xLeft, target);
        check(
                "lfm_path_sample_forward",
                LfmKernels.lfm_path_sample_forward(
                        stream,
                        on(xLeft),
                        on(t),
                        xLeft.rows(),
                        xLeft.cols(),
                        shrink,
                        noiseScale,
                        code(interpolant),
                        noiseKey.key0(),
                        noiseKey.key1(),
                        noiseKey.stream0(),
                        noiseKey.stream1(),
                        noiseKey.offset(),
                        on(xt),
                        on(target)));
    }
}
