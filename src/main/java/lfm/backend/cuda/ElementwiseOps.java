package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Checks;
import lfm.bindings.cudart.Cudart;
import lfm.bindings.kernels.LfmKernelConstants;
import lfm.bindings.kernels.LfmKernels;
import lfm.tensor.Tensor;

/**
 * Transfers, copies, fills and elementwise arithmetic of the CUDA backend: checks, then
 * cudaMemcpyAsync or our kernels on the backend's stream.
 */
final class ElementwiseOps extends CudaOperands {
    private static final int MAX_TERMS = LfmKernelConstants.LFM_COMBINE_MAX_TERMS;
    private static final int HOST_TO_DEVICE = 1;
    private static final int DEVICE_TO_HOST = 2;
    private static final int DEVICE_TO_DEVICE = 3;

    ElementwiseOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        super(backend, stream, scratch);
    }

    private long bytes(Tensor tensor) {
        return tensor.size() * Float.BYTES;
    }

    public float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        if (values.length == 0) {
            return values;
        }
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(bytes(tensor), 16);
            check("cudaMemcpyAsync", Cudart.cudaMemcpyAsync(host, on(tensor), bytes(tensor), DEVICE_TO_HOST, stream));
            synchronize();
            MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
        return values;
    }

    public double[] toHostDoubles(Tensor tensor) {
        float[] values = toHost(tensor);
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = values[i];
        }
        return widened;
    }

    public void fromHost(float[] values, Tensor destination) {
        if (values.length != destination.size()) {
            throw new IllegalArgumentException("fromHost: " + values.length + " values into " + destination.shape());
        }
        if (values.length == 0) {
            return;
        }
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(bytes(destination), 16);
            MemorySegment.copy(values, 0, host, ValueLayout.JAVA_FLOAT, 0, values.length);
            check(
                    "cudaMemcpyAsync",
                    Cudart.cudaMemcpyAsync(on(destination), host, bytes(destination), HOST_TO_DEVICE, stream));
            synchronize(); // the staging memory is freed when this block ends
        }
    }

    public void fromHost(double[] values, Tensor destination) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        fromHost(rounded, destination);
    }

    public void copy(Tensor source, Tensor destination) {
        Checks.sameSize("copy", source, destination);
        if (source.size() > 0) {
            check(
                    "cudaMemcpyAsync",
                    Cudart.cudaMemcpyAsync(on(destination), on(source), bytes(source), DEVICE_TO_DEVICE, stream));
        }
    }

    public void fill(Tensor destination, float value) {
        check("lfm_fill", LfmKernels.lfm_fill(stream, on(destination), destination.size(), value));
    }

    public void synchronize() {
        check("cudaStreamSynchronize", Cudart.cudaStreamSynchronize(stream));
    }

    public void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        check("lfm_add", LfmKernels.lfm_add(stream, on(a), on(b), on(out), a.size()));
    }

    public void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        check("lfm_multiply", LfmKernels.lfm_multiply(stream, on(a), on(b), on(out), a.size()));
    }

    public void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        check("lfm_scale", LfmKernels.lfm_scale(stream, on(a), s, on(out), a.size()));
    }

    public void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        check("lfm_add_scalar", LfmKernels.lfm_add_scalar(stream, on(scalar), factor, on(out), out.size()));
    }

    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        check("lfm_axpy", LfmKernels.lfm_axpy(stream, alpha, on(x), on(y), x.size()));
    }

    /** Up to 8 terms per launch; more are chained with out as the next base (terms never alias out). */
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException(
                    "combine: " + coefficients.length + " coefficients for " + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
        }
        if (base != null) {
            Checks.sameSize("combine", base, out);
        }
        try (Arena call = Arena.ofConfined()) {
            int from = 0;
            Tensor currentBase = base;
            do {
                int count = Math.min(MAX_TERMS, terms.length - from);
                MemorySegment pointers = call.allocate(ValueLayout.ADDRESS, Math.max(1, count));
                MemorySegment factors = call.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, count));
                for (int k = 0; k < count; k++) {
                    pointers.setAtIndex(ValueLayout.ADDRESS, k, on(terms[from + k]));
                    factors.setAtIndex(ValueLayout.JAVA_FLOAT, k, coefficients[from + k]);
                }
                check(
                        "lfm_combine",
                        LfmKernels.lfm_combine(stream, on(out), on(currentBase), count, pointers, factors, out.size()));
                from += count;
                currentBase = out;
            } while (from < terms.length);
        }
    }
}
