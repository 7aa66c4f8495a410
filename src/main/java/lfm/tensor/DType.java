package lfm.tensor;

/**
 * Element type of a tensor. Every backend stores {@link #F32}; the reference backend also computes in
 * {@link #F64}, which is what the finite-difference gradient checks run on.
 */
public enum DType {
    F32(4),
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
