package lfm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import lfm.backend.reference.ReferenceBackend;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InterpolantAndOuTest {

    @ParameterizedTest
    @EnumSource(Interpolant.class)
    void boundariesAndDerivatives(Interpolant path) {
        assertEquals(1, path.alpha(0), 1e-15);
        assertEquals(0, path.sigma(0), 1e-15);
        assertEquals(0, path.alpha(1), 1e-15);
        assertEquals(1, path.sigma(1), 1e-15);
        double h = 1e-6;
        for (double t = 0.05; t < 1; t += 0.1) {
            assertEquals(
                    (path.alpha(t + h) - path.alpha(t - h)) / (2 * h), path.alphaDot(t), 1e-8, path + " α' at " + t);
            assertEquals(
                    (path.sigma(t + h) - path.sigma(t - h)) / (2 * h), path.sigmaDot(t), 1e-8, path + " σ' at " + t);
            if (path == Interpolant.TRIG) {
                assertEquals(1, path.alpha(t) * path.alpha(t) + path.sigma(t) * path.sigma(t), 1e-15);
            }
        }
    }

    @Test
    void scheduleIsGeometricWithAFreeLastBlock() {
        Schedule schedule = Schedule.geometric(8, 0.025, 1.25);
        assertEquals(9, schedule.blockCount());
        assertEquals(0.025 * Math.pow(1.25, 7), schedule.blocks().get(7).gamma(), 1e-15);
        assertEquals(true, schedule.blocks().get(8).isFree());
        assertEquals(1, new Schedule(List.of()).blockCount());
        assertEquals(3, Schedule.parse("0.15,0.2,0.26").gammas().size());
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0.1,-0.2"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.geometric(-1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0.1,x"));
        // String.split drops trailing empty pieces: a trailing comma must still be an error, not two blocks
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0.1,0.2,"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0.1,,0.2"));
        assertEquals(0, Schedule.parse(" ").gammas().size());
    }

    /** At t = 1 the path sample is x_r itself: e^{−γ}x_l + √(1−e^{−2γ}) z has the OU step's mean and variance. */
    @ParameterizedTest
    @EnumSource(Interpolant.class)
    void ouStepMeanAndVariance(Interpolant path) {
        ReferenceBackend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("ou");
        int n = 200_000;
        Schedule.Block block = Schedule.geometric(1, 0.3, 1).blocks().get(0);
        Tensor xLeft = arena.allocate(Shape.matrix(n, 1));
        backend.fill(xLeft, 2f);
        Tensor t = arena.allocate(Shape.matrix(n, 1));
        backend.fill(t, 1f);
        Tensor xt = arena.allocate(Shape.matrix(n, 1));
        Tensor target = arena.allocate(Shape.matrix(n, 1));
        backend.pathSample(xLeft, t, block.shrink(), block.noiseScale(), path, new RandomKey(1, 2), xt, target);
        double[] values = backend.toHostDoubles(xt);
        double mean = 0, squares = 0;
        for (double v : values) {
            mean += v;
            squares += v * v;
        }
        mean /= n;
        double variance = squares / n - mean * mean;
        double expectedVariance = 1 - Math.exp(-0.6);
        assertEquals(2 * Math.exp(-0.3), mean, 5 * Math.sqrt(expectedVariance / n));
        assertEquals(expectedVariance, variance, 5 * expectedVariance * Math.sqrt(2.0 / n));
    }

    @Test
    void freeBlockDrawsIndependentNoise() {
        Schedule.Block free = new Schedule(List.of()).blocks().get(0);
        assertEquals(0f, free.shrink());
        assertEquals(1f, free.noiseScale());
    }

    @Test
    void timeSamplerParsing() {
        assertEquals(TimeSampler.UNIFORM, TimeSampler.parse("uniform"));
        assertEquals(new TimeSampler(1, 0.5), TimeSampler.parse("beta:1,0.5"));
        assertThrows(IllegalArgumentException.class, () -> TimeSampler.parse("beta:0,1"));
        assertThrows(IllegalArgumentException.class, () -> TimeSampler.parse("gamma"));
        assertThrows(IllegalArgumentException.class, () -> TimeSampler.parse("beta:1,0.5,"));
    }
}
