package lfm.backend;

import lfm.tensor.Tensor;

/**
 * A batch of equally shaped matrices stored at a fixed stride inside one tensor, as cuBLAS's strided
 * batched GEMM sees them: element (r, c) of matrix i is the tensor's flat element
 * {@code offset + i·stride + r·leading + c}. Attention uses it to address the per-head blocks of
 * q, k and v inside the (B·P, 3·C) output of the qkv projection without copying them out.
 *
 * @param tensor  the storage
 * @param offset  flat index of element (0, 0) of matrix 0
 * @param rows    rows of each stored matrix
 * @param cols    columns of each stored matrix (≤ leading)
 * @param leading distance between consecutive rows, in elements
 * @param stride  distance between consecutive matrices, in elements
 */
public record MatrixBatch(Tensor tensor, long offset, int rows, int cols, int leading, long stride) {

    public MatrixBatch {
        if (offset < 0 || rows < 0 || cols < 0 || leading < Math.max(1, cols) || stride < 0) {
            throw new IllegalArgumentException("matrix batch: offset " + offset + ", " + rows + "×" + cols
                    + ", leading " + leading + ", stride " + stride + " is not a valid layout");
        }
    }

    /** {@code count} contiguous (rows, cols) matrices one after another from the tensor's start. */
    public static MatrixBatch contiguous(Tensor tensor, int rows, int cols) {
        return new MatrixBatch(tensor, 0, rows, cols, Math.max(1, cols), (long) rows * cols);
    }

    /** Flat index of element (r, c) of matrix i. */
    public long index(int i, int r, int c) {
        return offset + i * stride + (long) r * leading + c;
    }

    /** Whether matrices [0, count) all lie inside the tensor. */
    public boolean fits(int count) {
        if (count == 0 || rows == 0 || cols == 0) {
            return true;
        }
        long last = offset + (count - 1) * stride + (long) (rows - 1) * leading + cols;
        return last <= tensor.size();
    }

    @Override
    public String toString() {
        return String.format(
                "%d×%d (offset %d, leading %d, stride %d) of %s", rows, cols, offset, leading, stride, tensor.shape());
    }
}
