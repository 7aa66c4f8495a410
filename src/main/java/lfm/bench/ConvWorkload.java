package lfm.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import lfm.backend.Backend;
import lfm.backend.ConvGeometry;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * One 3×3 convolution of the fmnist-s UNet at batch 128, alone: level 0 (28×28, 64 → 32 channels, an up
 * block's first conv) or level 2 (7×7, 64 → 64), in one of three passes: forward (with bias), the input
 * gradient or the weight gradient. Each pass is 2·(B·H·W)·C_out·(9·C_in) flops, the implicit GEMM's
 * size; beside it the same-sized plain SGEMM is timed, for the ratio the issue asks for.
 */
public final class ConvWorkload implements Workload {
    /** Which pass is timed. */
    public enum Pass {
        FORWARD,
        DATA,
        FILTER
    }

    private final Backend backend;
    private final String name;
    private final ConvGeometry geometry;
    private final Pass pass;
    private final TensorArena arena;
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor output;

    /** @param level 0 or 2 of fmnist-s */
    public ConvWorkload(Backend backend, int level, Pass pass, int batch) {
        this.backend = backend;
        this.pass = pass;
        this.geometry = geometry(level, batch);
        this.name = "CONV" + level + "-" + (pass == Pass.FORWARD ? "F" : pass == Pass.DATA ? "D" : "W");
        this.arena = backend.newArena("conv " + name);
        input = arena.allocate(Shape.matrix(geometry.inputRows(), geometry.inChannels()));
        weight = arena.allocate(Shape.matrix(geometry.outChannels(), geometry.weightColumns()));
        bias = arena.allocate(Shape.of(geometry.outChannels()));
        output = arena.allocate(Shape.matrix(geometry.outputRows(), geometry.outChannels()));
        backend.fillNormal(input, new RandomKey(4, 1));
        backend.fillNormal(weight, new RandomKey(4, 2));
        backend.fillNormal(bias, new RandomKey(4, 3));
        backend.fillNormal(output, new RandomKey(4, 4));
    }

    /** Level 0 (28×28, 64 → 32) or level 2 (7×7, 64 → 64) of fmnist-s. */
    public static ConvGeometry geometry(int level, int batch) {
        return level == 0 ? ConvGeometry.same3x3(batch, 28, 28, 64, 32) : ConvGeometry.same3x3(batch, 7, 7, 64, 64);
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "3x3 conv " + geometry + ", " + pass.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void runOnce() {
        switch (pass) {
            case FORWARD -> backend.conv2d(input, weight, bias, null, null, geometry, output, false);
            case DATA -> backend.conv2dBackwardData(output, weight, geometry, input, false);
            case FILTER -> backend.conv2dBackwardFilter(input, output, geometry, weight, bias, false);
        }
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
        return "convs";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("m", geometry.outputRows());
        details.put("n", geometry.outChannels());
        details.put("k", geometry.weightColumns());
        return details;
    }

    @Override
    public void close() {
        arena.close();
    }
}
