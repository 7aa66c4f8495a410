package lfm.bench;

import java.util.Map;
import lfm.backend.Backend;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * G: the GEMMs of one W1 hidden layer, alone: forward y = x·Wᵀ (10,000×256 by 256×256), and the
 * backward products dW = gᵀ·x (256×10,000 by 10,000×256) and dx = g·W (10,000×256 by 256×256).
 * Its GFLOP/s is this run's measured fp32 GEMM rate, the yardstick for the other workloads.
 */
final class GemmWorkload implements Workload {
    private final Backend backend;
    private final TensorArena arena;
    private final Tensor x;
    private final Tensor weight;
    private final Tensor y;
    private final Tensor gradWeight;
    private final int rows;
    private final int width;

    GemmWorkload(Backend backend, int rows, int width) {
        this.backend = backend;
        this.rows = rows;
        this.width = width;
        this.arena = backend.newArena("gemm");
        x = arena.allocate(Shape.matrix(rows, width));
        weight = arena.allocate(Shape.matrix(width, width));
        y = arena.allocate(Shape.matrix(rows, width));
        gradWeight = arena.allocate(Shape.matrix(width, width));
        backend.fillNormal(x, new RandomKey(1, 1));
        backend.fillNormal(weight, new RandomKey(1, 2));
    }

    @Override
    public String name() {
        return "G";
    }

    @Override
    public String description() {
        return "GEMMs of one layer: " + rows + "x" + width + " by " + width + "x" + width + ", forward, dW, dx";
    }

    @Override
    public void runOnce() {
        backend.matmul(x, false, weight, true, y, 1f, 0f); // y = x·Wᵀ
        backend.matmul(y, true, x, false, gradWeight, 1f, 0f); // dW = gᵀ·x (g = y as stand-in)
        backend.matmul(y, false, weight, false, x, 1f, 0f); // dx = g·W
    }

    @Override
    public double flops() {
        return 3 * 2.0 * rows * width * width;
    }

    @Override
    public double units() {
        return 3;
    }

    @Override
    public String unitName() {
        return "gemms";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("m", rows, "n", width, "k", width);
    }

    @Override
    public void close() {
        arena.close();
    }
}
