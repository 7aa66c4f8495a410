package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Backend;
import lfm.tensor.DType;
import lfm.tensor.Tensor;

/**
 * What every op family of the CPU backend shares: the float32 storage behind a tensor of that backend,
 * checked on the way (a tensor of another backend, or a float64 one, is a caller's bug).
 */
abstract class CpuOperands {
    /** The backend whose tensors the ops take. */
    final Backend backend;

    CpuOperands(Backend backend) {
        this.backend = backend;
    }

    /** The storage of a float32 tensor of this backend; anything else is a caller's bug. */
    final MemorySegment data(Tensor tensor) {
        if (tensor.backend() != backend) {
            throw new IllegalArgumentException(
                    "tensor " + tensor + " belongs to " + tensor.backend().name() + ", not to this cpu backend");
        }
        if (tensor.dtype() != DType.F32) {
            throw new IllegalArgumentException(
                    "the cpu backend computes in float32; " + tensor + " is for the reference backend");
        }
        return tensor.data();
    }

    final MemorySegment dataOrNull(Tensor tensor) {
        return tensor == null ? null : data(tensor);
    }

    final float scalarValue(Tensor scalar) {
        return data(scalar).getAtIndex(ValueLayout.JAVA_FLOAT, 0);
    }
}
