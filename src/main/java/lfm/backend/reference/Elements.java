package lfm.backend.reference;

import java.lang.foreign.ValueLayout;
import lfm.tensor.DType;
import lfm.tensor.Tensor;

/** Per-element access in double for the reference backend (float32 and float64 storage). */
final class Elements {
    private Elements() {}

    static double get(Tensor tensor, long index) {
        return tensor.dtype() == DType.F32
                ? tensor.data().getAtIndex(ValueLayout.JAVA_FLOAT, index)
                : tensor.data().getAtIndex(ValueLayout.JAVA_DOUBLE, index);
    }

    static double get(Tensor tensor, int row, int col) {
        return get(tensor, (long) row * tensor.cols() + col);
    }

    /** Stores a value, rounding to float32 for float32 storage. */
    static void set(Tensor tensor, long index, double value) {
        if (tensor.dtype() == DType.F32) {
            tensor.data().setAtIndex(ValueLayout.JAVA_FLOAT, index, (float) value);
        } else {
            tensor.data().setAtIndex(ValueLayout.JAVA_DOUBLE, index, value);
        }
    }

    static void set(Tensor tensor, int row, int col, double value) {
        set(tensor, (long) row * tensor.cols() + col, value);
    }

    /** out (+)= value. */
    static void store(Tensor tensor, long index, double value, boolean accumulate) {
        set(tensor, index, accumulate ? get(tensor, index) + value : value);
    }
}
