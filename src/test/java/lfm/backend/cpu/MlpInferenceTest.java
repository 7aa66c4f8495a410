package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Activation;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * The row-tiled MLP inference gives, bit for bit, what denseForward layer by layer gives, on 1 and 2
 * threads, for row counts that leave a partial tile and a partial register tile.
 */
class MlpInferenceTest {

    @Test
    void rowTilesEqualTheLayerByLayerPath() {
        float[] expected = null;
        for (int threads : new int[] {1, 2}) {
            try (CpuBackend backend = new CpuBackend(threads, false)) {
                TensorArena arena = backend.newArena("mlp");
                int rows = 1029;
                int[] widths = {3, 256, 256, 256, 2};
                Tensor x = arena.allocate(Shape.matrix(rows, widths[0]));
                backend.fillNormal(x, new RandomKey(5, 0));
                List<Tensor> weights = new ArrayList<>();
                List<Tensor> biases = new ArrayList<>();
                for (int l = 0; l + 1 < widths.length; l++) {
                    Tensor weight = arena.allocate(Shape.matrix(widths[l + 1], widths[l]));
                    backend.fillNormal(weight, new RandomKey(5, 1 + l));
                    backend.scale(weight, (float) (1 / Math.sqrt(widths[l])), weight);
                    Tensor bias = arena.allocate(Shape.matrix(1, widths[l + 1]));
                    backend.fillNormal(bias, new RandomKey(5, 10 + l));
                    weights.add(weight);
                    biases.add(bias);
                }
                Activation activation = Activation.softplus(20f);
                Tensor tiled = arena.allocate(Shape.matrix(rows, 2));
                backend.denseChainForward(x, weights, biases, activation, tiled, arena);
                Tensor h = x;
                for (int l = 0; l < weights.size(); l++) {
                    boolean last = l == weights.size() - 1;
                    Tensor pre = arena.allocate(Shape.matrix(rows, widths[l + 1]));
                    Tensor out = last ? pre : arena.allocate(pre.shape());
                    backend.denseForward(
                            h, weights.get(l), biases.get(l), last ? Activation.IDENTITY : activation, pre, out);
                    h = out;
                }
                assertArrayEquals(backend.toHost(h), backend.toHost(tiled), threads + " threads");
                if (expected == null) {
                    expected = backend.toHost(tiled);
                } else {
                    assertArrayEquals(expected, backend.toHost(tiled), "1 vs 2 threads");
                }
                arena.close();
            }
        }
    }
}
