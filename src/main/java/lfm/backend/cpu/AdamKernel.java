package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.AdamStep;

/**
 * One fused Adam/AdamW update in a single pass over (p, g, m, v), in float:
 * <pre>
 *   g ← g + λc·p            (coupled decay: λc = λ for Adam, 0 for AdamW)
 *   p ← p·(1 − lr·λd)       (decoupled decay: λd = λ for AdamW, 0 for Adam)
 *   m ← β₁ m + (1 − β₁) g   v ← β₂ v + (1 − β₂) g²
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Both decays are folded into constants so the loop has no branch.
 */
final class AdamKernel implements WorkerPool.Task {
    private static final long GRAIN = 64;
    private static final long MIN_PER_WORKER = 1 << 14;

    private final WorkerPool pool;
    private final boolean vector;
    private MemorySegment parameter;
    private MemorySegment gradient;
    private MemorySegment first;
    private MemorySegment second;
    private long n;
    private float coupledDecay;
    private float keep; // 1 − lr·λd
    private float beta1;
    private float beta2;
    private float stepSize; // lr / (1 − β₁ᵗ)
    private float inverseRoot; // 1 / √(1 − β₂ᵗ)
    private float epsilon;

    AdamKernel(WorkerPool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector;
    }

    void update(
            MemorySegment parameter,
            MemorySegment gradient,
            MemorySegment first,
            MemorySegment second,
            long n,
            AdamStep step) {
        this.parameter = parameter;
        this.gradient = gradient;
        this.first = first;
        this.second = second;
        this.n = n;
        boolean decoupled = step.decoupledWeightDecay();
        this.coupledDecay = decoupled ? 0f : step.weightDecay();
        this.keep = decoupled ? (float) (1 - (double) step.learningRate() * step.weightDecay()) : 1f;
        this.beta1 = step.beta1();
        this.beta2 = step.beta2();
        this.stepSize = (float) (step.learningRate() / step.biasCorrection1());
        this.inverseRoot = (float) (1 / Math.sqrt(step.biasCorrection2()));
        this.epsilon = step.epsilon();
        pool.run(this, n, MIN_PER_WORKER);
        this.parameter = this.gradient = this.first = this.second = null;
    }

    @Override
    public void run(int worker, int workers) {
        long from = Simd.partStart(n, GRAIN, worker, workers);
        long to = Simd.partStart(n, GRAIN, worker + 1, workers);
        long end = vectorEnd(vector, from, to);
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        FloatVector decay = FloatVector.broadcast(Simd.SPECIES, coupledDecay);
        FloatVector gradientWeight1 = FloatVector.broadcast(Simd.SPECIES, oneMinusBeta1);
        FloatVector gradientWeight2 = FloatVector.broadcast(Simd.SPECIES, oneMinusBeta2);
        FloatVector negativeStep = FloatVector.broadcast(Simd.SPECIES, -stepSize);
        long i = from;
        for (; i < end; i += LANES) {
            FloatVector p = FloatVector.fromMemorySegment(Simd.SPECIES, parameter, i << 2, Simd.ORDER);
            FloatVector g = p.fma(decay, FloatVector.fromMemorySegment(Simd.SPECIES, gradient, i << 2, Simd.ORDER));
            FloatVector m = g.fma(
                    gradientWeight1,
                    FloatVector.fromMemorySegment(Simd.SPECIES, first, i << 2, Simd.ORDER)
                            .mul(beta1));
            FloatVector v = g.mul(g)
                    .fma(
                            gradientWeight2,
                            FloatVector.fromMemorySegment(Simd.SPECIES, second, i << 2, Simd.ORDER)
                                    .mul(beta2));
            FloatVector denominator = v.sqrt().fma(inverseRoot, epsilon);
            m.intoMemorySegment(first, i << 2, Simd.ORDER);
            v.intoMemorySegment(second, i << 2, Simd.ORDER);
            m.div(denominator).fma(negativeStep, p.mul(keep)).intoMemorySegment(parameter, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            float p = get(parameter, i);
            float g = Math.fma(p, coupledDecay, get(gradient, i));
            p *= keep;
            float m = Math.fma(g, oneMinusBeta1, get(first, i) * beta1);
            float v = Math.fma(g * g, oneMinusBeta2, get(second, i) * beta2);
            set(first, i, m);
            set(second, i, v);
            set(parameter, i, Math.fma(m / Math.fma((float) Math.sqrt(v), inverseRoot, epsilon), -stepSize, p));
        }
    }
}
