package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;
import lfm.backend.Activation;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The CPU backend's fused dense-layer ops: argument checks as {@link lfm.backend.Backend} specifies,
 * then the fused kernel where the shape allows ({@link Sgemm#dense}, {@link Sgemm#denseGradient},
 * {@link MlpInference}) and the unfused pair (product, then {@link ActivationKernels}) where not.
 */
final class DenseLayers {
    private final Sgemm gemm;
    private final MlpInference inference;
    private final ActivationKernels activations;
    private final Scratch scratch;
    private final boolean vector;
    private final Function<Tensor, MemorySegment> data; // the backend's checked storage access

    DenseLayers(
            Sgemm gemm,
            MlpInference inference,
            ActivationKernels activations,
            Scratch scratch,
            boolean vector,
            Function<Tensor, MemorySegment> data) {
        this.gemm = gemm;
        this.inference = inference;
        this.activations = activations;
        this.scratch = scratch;
        this.vector = vector;
        this.data = data;
    }

    private MemorySegment dataOrNull(Tensor tensor) {
        return tensor == null ? null : data.apply(tensor);
    }

    /** pre = x·Wᵀ + bias, out = act(pre). */
    void forward(Tensor x, Tensor weight, Tensor bias, Activation activation, Tensor pre, Tensor out) {
        Checks.matmul(x, false, weight, true, pre);
        Checks.sameMatrix("denseForward", pre, out);
        if (bias != null) {
            Checks.rowVector("denseForward", bias, pre.cols());
        }
        if (out == pre && activation.kind() != Activation.Kind.IDENTITY) {
            throw new IllegalArgumentException("denseForward: out may be pre only for the identity");
        }
        MemorySegment preData = data.apply(pre);
        MemorySegment outData = data.apply(out);
        if (!gemm.dense(
                data.apply(x),
                data.apply(weight),
                dataOrNull(bias),
                activation,
                preData,
                outData,
                x.rows(),
                weight.rows(),
                x.cols())) {
            gemm.multiply(
                    data.apply(x), false, data.apply(weight), true, preData, x.rows(), weight.rows(), x.cols(), 1f, 0f);
            activations.forward(preData, dataOrNull(bias), activation, outData, pre.rows(), pre.cols());
        }
    }

    /**
     * The whole chain by row tiles when {@link MlpInference#serves} its shape; returns false (nothing
     * done) otherwise, for the caller's layer-by-layer default.
     */
    boolean chainForward(Tensor x, List<Tensor> weights, List<Tensor> biases, Activation activation, Tensor out) {
        int layers = weights.size();
        if (layers != biases.size() || layers == 0) {
            throw new IllegalArgumentException(
                    "denseChainForward: " + layers + " weights, " + biases.size() + " biases");
        }
        int[] inputsOf = new int[layers];
        int[] outputsOf = new int[layers];
        int in = x.cols();
        for (int l = 0; l < layers; l++) {
            Tensor weight = weights.get(l);
            if (weight.cols() != in) {
                throw new IllegalArgumentException(
                        "denseChainForward: layer " + l + " weight " + weight.shape() + " after " + in + " columns");
            }
            if (biases.get(l) != null) {
                Checks.rowVector("denseChainForward", biases.get(l), weight.rows());
            }
            inputsOf[l] = in;
            outputsOf[l] = weight.rows();
            in = weight.rows();
        }
        Checks.rows("denseChainForward", out, x.rows());
        if (out.cols() != in) {
            throw new IllegalArgumentException("denseChainForward: out " + out.shape() + " for " + in + " outputs");
        }
        if (!vector || !MlpInference.serves(inputsOf, outputsOf)) {
            return false;
        }
        MemorySegment[] weightData = new MemorySegment[layers];
        MemorySegment[] biasData = new MemorySegment[layers];
        for (int l = 0; l < layers; l++) {
            weightData[l] = data.apply(weights.get(l));
            biasData[l] = dataOrNull(biases.get(l));
        }
        inference.run(
                data.apply(x),
                weightData,
                biasData,
                activation,
                data.apply(out),
                x.rows(),
                x.cols(),
                outputsOf[0],
                in,
                scratch);
        return true;
    }

    /** gradPre = (gradAbove·W) ⊙ act'(pre), gradBias += its column sums. */
    void backwardInput(
            Tensor gradAbove,
            Tensor weight,
            Tensor pre,
            Tensor out,
            Activation activation,
            Tensor gradPre,
            Tensor gradBias) {
        Checks.matmul(gradAbove, false, weight, false, gradPre);
        Checks.sameMatrix("denseBackwardInput", pre, gradPre);
        if (out != null) {
            Checks.sameMatrix("denseBackwardInput", pre, out);
        }
        if (gradBias != null) {
            Checks.rowVector("denseBackwardInput", gradBias, pre.cols());
        }
        int rows = pre.rows();
        int cols = pre.cols();
        int chunks = (rows + ActivationKernels.ROW_CHUNK - 1) / ActivationKernels.ROW_CHUNK;
        float[] partials = null;
        if (gradBias != null) {
            partials = scratch.partials((long) chunks * cols);
            java.util.Arrays.fill(partials, 0, chunks * cols, 0f);
        }
        MemorySegment gradPreData = data.apply(gradPre);
        if (gemm.denseGradient(
                data.apply(gradAbove),
                data.apply(weight),
                data.apply(pre),
                dataOrNull(out),
                activation,
                gradPreData,
                partials,
                rows,
                cols,
                gradAbove.cols())) {
            if (gradBias != null) {
                ColumnPartials.addInto(partials, chunks, cols, data.apply(gradBias));
            }
            return;
        }
        gemm.multiply(
                data.apply(gradAbove),
                false,
                data.apply(weight),
                false,
                gradPreData,
                rows,
                cols,
                gradAbove.cols(),
                1f,
                0f);
        activations.backward(
                data.apply(pre),
                dataOrNull(out),
                gradPreData,
                activation,
                gradPreData,
                dataOrNull(gradBias),
                rows,
                cols);
    }
}
