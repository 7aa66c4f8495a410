package lfm.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lfm.backend.reference.ReferenceBackend;
import lfm.nn.Parameter;
import lfm.tensor.Shape;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;
import org.junit.jupiter.api.Test;

class ScheduleAndClippingTest {

    @Test
    void stepDecayAndWarmup() {
        LearningRateSchedule decay = LearningRateSchedule.stepDecay(2e-4, 0.99, 1000);
        assertEquals(2e-4, decay.rate(0), 0);
        assertEquals(2e-4, decay.rate(999), 0);
        assertEquals(2e-4 * 0.99, decay.rate(1000), 1e-18);
        assertEquals(2e-4 * Math.pow(0.99, 50), decay.rate(50_500), 1e-18);
        // The schedule OptimizationSpec.learningRates() builds: 4 warm-up steps, then the decay from step 4 on.
        LearningRateSchedule warmup = LearningRateSchedule.warmup(4, 2e-4, decay);
        assertEquals(0.5e-4, warmup.rate(0), 1e-18);
        assertEquals(2e-4, warmup.rate(3), 1e-18);
        assertEquals(2e-4, warmup.rate(4), 0);
        assertEquals(2e-4 * 0.99, warmup.rate(1000), 1e-18);
        assertEquals(decay, LearningRateSchedule.warmup(0, 2e-4, decay));
    }

    @Test
    void clippingScalesTheGlobalNorm() {
        ReferenceBackend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("clip");
        Parameter a = new Parameter("a", Shape.matrix(1, 2), arena);
        Parameter b = new Parameter("b", Shape.matrix(1, 1), arena);
        backend.fromHost(new float[] {3, 0}, a.grad());
        backend.fromHost(new float[] {4}, b.grad()); // global norm 5
        var normSquared = GradientClipping.clip(List.of(a, b), 1f, arena.allocate(Shape.scalar()));
        assertEquals(25, normSquared.item(), 1e-6);
        double factor = 1 / (5 + 1e-6);
        Approx.assertClose("clipped a", new double[] {3 * factor, 0}, backend.toHost(a.grad()), 1e-7, 1e-6);
        Approx.assertClose("clipped b", new double[] {4 * factor}, backend.toHost(b.grad()), 1e-7, 1e-6);
        GradientClipping.clip(List.of(a, b), 10f, normSquared); // below the limit: unchanged
        Approx.assertClose("unclipped b", new double[] {4 * factor}, backend.toHost(b.grad()), 1e-7, 1e-6);
    }

    @Test
    void emaFollowsTheWeights() {
        ReferenceBackend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("ema");
        Parameter p = new Parameter("p", Shape.matrix(1, 1), arena);
        backend.fromHost(new float[] {1}, p.value());
        lfm.nn.Module module = () -> List.of(p);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(module, 0.9f, arena);
        backend.fromHost(new float[] {2}, p.value());
        ema.update(); // 1 + 0.1·(2 − 1)
        assertEquals(1.1f, ema.shadows().get(0).item(), 1e-6);
        ema.update(); // 1.1 + 0.1·(2 − 1.1)
        assertEquals(1.19f, ema.shadows().get(0).item(), 1e-6);
    }
}
