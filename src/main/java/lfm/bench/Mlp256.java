package lfm.bench;

/** Matmul FLOPs of one forward pass of the benchmark MLPs (multiply-add = 2 FLOPs). */
final class Mlp256 {
    private Mlp256() {}

    /**
     * 2·rows·Σ(in·out) over the layers (in = D + 1) → width → ... → width → D with {@code hidden} hidden layers.
     */
    static double forwardFlops(double rows, int dimension, int width, int hidden) {
        double macs = (dimension + 1.0) * width + (hidden - 1.0) * width * width + (double) width * dimension;
        return 2 * rows * macs;
    }
}
