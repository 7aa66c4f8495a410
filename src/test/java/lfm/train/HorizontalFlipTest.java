package lfm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.backend.reference.ReferenceBackend;
import lfm.nn.ImageShape;
import lfm.optim.ExponentialMovingAverage;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import org.junit.jupiter.api.Test;

class HorizontalFlipTest {

    @Test
    void mirrorsChosenRowsWithTheirChannelsTogether() {
        ImageShape image = new ImageShape(2, 3, 2);
        int rows = 40;
        float[] values = new float[rows * image.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = k;
        }
        RandomKey key = new RandomKey(3, 9);
        float[] flipped = HorizontalFlip.apply(values.clone(), image, key);
        int mirrored = 0;
        for (int i = 0; i < rows; i++) {
            boolean chosen = Distributions.uniform(key, i) < 0.5f;
            mirrored += chosen ? 1 : 0;
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int c = 0; c < 2; c++) {
                        int from = i * image.size() + (y * 3 + (chosen ? 2 - x : x)) * 2 + c;
                        assertEquals(values[from], flipped[i * image.size() + (y * 3 + x) * 2 + c]);
                    }
                }
            }
        }
        assertTrue(mirrored > 5 && mirrored < 35, "about half the rows: " + mirrored);
        assertArrayEquals(values, HorizontalFlip.apply(flipped, image, key), "flipping twice is the identity");
    }

    @Test
    void emaOfDecayZeroTakesTheWeights() {
        try (var backend = new ReferenceBackend();
                var arena = backend.newArena("ema")) {
            var layer = new lfm.nn.Linear("l", 2, 2, arena, new lfm.random.RandomStream(1, 0));
            ExponentialMovingAverage ema = new ExponentialMovingAverage(layer, 0.9f, arena);
            backend.fill(layer.parameters().get(0).value(), 3f);
            ema.update(0f);
            assertArrayEquals(
                    backend.toHost(layer.parameters().get(0).value()),
                    backend.toHost(ema.shadows().get(0)));
            backend.fill(layer.parameters().get(0).value(), 4f);
            ema.update();
            assertEquals(3.1f, backend.toHost(ema.shadows().get(0))[0], 1e-6f);
        }
    }
}
