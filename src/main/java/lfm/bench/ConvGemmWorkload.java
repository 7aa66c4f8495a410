package lfm.bench;

import java.util.Map;
import lfm.backend.Backend;
import lfm.backend.ConvGeometry;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The plain SGEMM a convolution of {@link ConvWorkload} amounts to: c (B·H·W, C_out) = a (B·H·W, 9·C_in)
 * · wᵀ with a materialised: the engine's own matrix-product rate on exactly that shape, the yardstick
 * of the convolution's GFLOP/s.
 */
final class ConvGemmWorkload implements Workload {
    private final Backend backend;
    private final ConvGeometry geometry;
    private final int level;
    private final TensorArena arena;
    private final Tensor a;
    private final Tensor w;
    private final Tensor c;

    ConvGemmWorkload(Backend backend, int level, int batch) {
        this.backend = backend;
        this.level = level;
        this.geometry = ConvWorkload.geometry(level, batch);
        this.arena = backend.newArena("sgemm " + level);
        a = arena.allocate(Shape.matrix(geometry.outputRows(), geometry.weightColumns()));
        w = arena.allocate(Shape.matrix(geometry.outChannels(), geometry.weightColumns()));
        c = arena.allocate(Shape.matrix(geometry.outputRows(), geometry.outChannels()));
        backend.fillNormal(a, new RandomKey(5, 1));
        backend.fillNormal(w, new RandomKey(5, 2));
    }

    @Override
    public String name() {
        return "SGEMM" + level;
    }

    @Override
    public String description() {
        return "SGEMM " + geometry.outputRows() + "x" + geometry.outChannels() + "x" + geometry.weightColumns()
                + " (the matrix product of CONV" + level + ")";
    }

    @Override
    public void runOnce() {
        backend.matmul(a, false, w, true, c, 1f, 0f);
    }

    @Override
    public double flops() {
        return geometry.flops();
    }

    @Override
    public double units() {
        return 1;
    }

    @Override
    public String unitName() {
        return "gemms";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("m", geometry.outputRows(), "n", geometry.outChannels(), "k", geometry.weightColumns());
    }

    @Override
    public void close() {
        arena.close();
    }
}
