package lfm.tensor;

import java.util.Arrays;

/**
 * Dimensions of a tensor, outermost first. Storage is row-major (C order): the last dimension is
 * contiguous, so element (i, j) of a matrix of shape (rows, cols) lives at flat index i·cols + j.
 * Every op in this engine sees a tensor as a matrix: {@link #rows()} is the first dimension and
 * {@link #cols()} the product of the others; a vector of length n is (1, n) or (n), a scalar is (1, 1).
 */
public record Shape(int[] dims) {

    public Shape {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
        }
        dims = dims.clone();
    }

    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    /** A (rows, cols) matrix. */
    public static Shape matrix(int rows, int cols) {
        return new Shape(new int[] {rows, cols});
    }

    /** The (1, 1) shape of a scalar result such as a loss. */
    public static Shape scalar() {
        return new Shape(new int[] {1, 1});
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** First dimension (1 for a rank-1 shape, which reads as a row vector). */
    public int rows() {
        return dims.length == 1 ? 1 : dims[0];
    }

    /** Product of all dimensions after the first (the whole length for a rank-1 shape). */
    public int cols() {
        if (dims.length == 1) {
            return dims[0];
        }
        long product = 1;
        for (int i = 1; i < dims.length; i++) {
            product *= dims[i];
        }
        return Math.toIntExact(product);
    }

    /** Number of elements. */
    public long size() {
        long product = 1;
        for (int d : dims) {
            product *= d;
        }
        return product;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
