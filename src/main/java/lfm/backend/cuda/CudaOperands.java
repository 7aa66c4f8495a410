package lfm.backend.cuda;

import java.lang.foreign.MemorySegment;
import lfm.backend.Activation;
import lfm.bindings.kernels.LfmKernelConstants;
import lfm.flow.Interpolant;
import lfm.tensor.DType;
import lfm.tensor.Tensor;

/**
 * What every op family of the CUDA backend shares: the backend, its stream and reduction scratch, and
 * the device pointer behind a tensor of that backend (checked on the way).
 */
abstract class CudaOperands {
    /** Doubles of reduction scratch every launcher that reduces is given. */
    static final int REDUCTION_SCRATCH = LfmKernelConstants.LFM_REDUCTION_SCRATCH;

    /** The backend whose tensors the ops take. */
    final CudaBackend backend;
    /** The stream every op is queued on. */
    final MemorySegment stream;
    /** REDUCTION_SCRATCH doubles of device memory for the two-pass reductions. */
    final MemorySegment scratch;

    CudaOperands(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        this.backend = backend;
        this.stream = stream;
        this.scratch = scratch;
    }

    final MemorySegment on(Tensor tensor) {
        if (tensor == null) {
            return MemorySegment.NULL;
        }
        if (tensor.backend() != backend) {
            throw new IllegalArgumentException("tensor " + tensor + " does not belong to this CUDA backend");
        }
        if (tensor.dtype() != DType.F32) {
            throw new IllegalArgumentException("the cuda backend stores float32 only, got " + tensor);
        }
        return tensor.data();
    }

    static int flag(boolean value) {
        return value ? 1 : 0;
    }

    /** The activation's code in native/lfm_kernels.h (LFM_ACT_*). */
    static int code(Activation.Kind kind) {
        return kind.code();
    }

    /** The interpolant's code in native/lfm_kernels.h (LFM_INTERPOLANT_*). */
    static int code(Interpolant interpolant) {
        return interpolant.code();
    }
}
