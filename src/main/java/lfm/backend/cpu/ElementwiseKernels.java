package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.tensor.Tensor;

/**
 * Flat element-wise ops over n floats (layout does not matter, only the flat index). Each public
 * method stores its operands in fields and dispatches this object on the pool; {@link #run} splits
 * [0, n) into contiguous parts of whole vectors. Not thread-safe: one caller at a time.
 */
final class ElementwiseKernels implements WorkerPool.Task {
    private static final long GRAIN = 64; // floats; a part is a multiple of this
    private static final long MIN_PER_WORKER = 1 << 15; // below ~32k floats one thread is faster

    private enum Op {
        COPY,
        FILL,
        ADD,
        MULTIPLY,
        SCALE,
        ADD_CONSTANT,
        AXPY,
        LERP,
        COMBINE,
        SCALED_DIFFERENCE
    }

    private final WorkerPool pool;
    private final boolean vector;
    private Op op;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment out;
    private float s;
    private long n;
    private float[] coefficients;
    private Tensor[] terms;

    ElementwiseKernels(WorkerPool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector;
    }

    /** out = a. */
    void copy(MemorySegment a, MemorySegment out, long n) {
        dispatch(Op.COPY, a, null, out, 0f, n);
    }

    /** out = value. */
    void fill(MemorySegment out, float value, long n) {
        dispatch(Op.FILL, null, null, out, value, n);
    }

    /** out = a + b. */
    void add(MemorySegment a, MemorySegment b, MemorySegment out, long n) {
        dispatch(Op.ADD, a, b, out, 0f, n);
    }

    /** out = a ⊙ b. */
    void multiply(MemorySegment a, MemorySegment b, MemorySegment out, long n) {
        dispatch(Op.MULTIPLY, a, b, out, 0f, n);
    }

    /** out = s·a. */
    void scale(MemorySegment a, float s, MemorySegment out, long n) {
        dispatch(Op.SCALE, a, null, out, s, n);
    }

    /** out += value. */
    void addConstant(float value, MemorySegment out, long n) {
        dispatch(Op.ADD_CONSTANT, null, null, out, value, n);
    }

    /** out += α·a. */
    void axpy(float alpha, MemorySegment a, MemorySegment out, long n) {
        dispatch(Op.AXPY, a, null, out, alpha, n);
    }

    /** out ← out + w·(a − out). */
    void lerp(MemorySegment out, MemorySegment a, float weight, long n) {
        dispatch(Op.LERP, a, null, out, weight, n);
    }

    /** out += s·(a − b): the MSE gradient with s = 2·g/n. */
    void addScaledDifference(float s, MemorySegment a, MemorySegment b, MemorySegment out, long n) {
        dispatch(Op.SCALED_DIFFERENCE, a, b, out, s, n);
    }

    /** out = base + Σₖ cₖ·termsₖ (base may be null or alias out). */
    void combine(MemorySegment out, MemorySegment base, float[] coefficients, Tensor[] terms, long n) {
        this.coefficients = coefficients;
        this.terms = terms;
        dispatch(Op.COMBINE, base, null, out, 0f, n);
        this.coefficients = null;
        this.terms = null;
    }

    private void dispatch(Op op, MemorySegment a, MemorySegment b, MemorySegment out, float s, long n) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.out = out;
        this.s = s;
        this.n = n;
        long perWorker = op == Op.COMBINE ? MIN_PER_WORKER / (1 + terms.length) : MIN_PER_WORKER;
        pool.run(this, n, perWorker);
        this.a = null;
        this.b = null;
        this.out = null;
    }

    @Override
    public void run(int worker, int workers) {
        long from = Simd.partStart(n, GRAIN, worker, workers);
        long to = Simd.partStart(n, GRAIN, worker + 1, workers);
        switch (op) {
            case COPY -> MemorySegment.copy(a, from << 2, out, from << 2, (to - from) << 2);
            case FILL -> fill(from, to);
            case ADD -> add(from, to);
            case MULTIPLY -> multiply(from, to);
            case SCALE -> scale(from, to);
            case ADD_CONSTANT -> addConstant(from, to);
            case AXPY -> axpy(from, to);
            case LERP -> lerp(from, to);
            case SCALED_DIFFERENCE -> scaledDifference(from, to);
            case COMBINE -> combine(from, to);
        }
    }

    private void fill(long from, long to) {
        long end = vectorEnd(vector, from, to);
        FloatVector value = FloatVector.broadcast(Simd.SPECIES, s);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            value.intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, s);
        }
    }

    private void add(long from, long to) {
        long end = vectorEnd(vector, from, to);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .add(FloatVector.fromMemorySegment(Simd.SPECIES, b, i << 2, Simd.ORDER))
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, get(a, i) + get(b, i));
        }
    }

    private void multiply(long from, long to) {
        long end = vectorEnd(vector, from, to);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .mul(FloatVector.fromMemorySegment(Simd.SPECIES, b, i << 2, Simd.ORDER))
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, get(a, i) * get(b, i));
        }
    }

    private void scale(long from, long to) {
        long end = vectorEnd(vector, from, to);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .mul(s)
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, s * get(a, i));
        }
    }

    private void addConstant(long from, long to) {
        long end = vectorEnd(vector, from, to);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, out, i << 2, Simd.ORDER)
                    .add(s)
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, get(out, i) + s);
        }
    }

    private void axpy(long from, long to) {
        long end = vectorEnd(vector, from, to);
        FloatVector alpha = FloatVector.broadcast(Simd.SPECIES, s);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .fma(alpha, FloatVector.fromMemorySegment(Simd.SPECIES, out, i << 2, Simd.ORDER))
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, Math.fma(s, get(a, i), get(out, i)));
        }
    }

    private void lerp(long from, long to) {
        long end = vectorEnd(vector, from, to);
        FloatVector weight = FloatVector.broadcast(Simd.SPECIES, s);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector old = FloatVector.fromMemorySegment(Simd.SPECIES, out, i << 2, Simd.ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .sub(old)
                    .fma(weight, old)
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            float old = get(out, i);
            set(out, i, Math.fma(s, get(a, i) - old, old));
        }
    }

    private void scaledDifference(long from, long to) {
        long end = vectorEnd(vector, from, to);
        FloatVector factor = FloatVector.broadcast(Simd.SPECIES, s);
        long i = from;
        for (; i < end; i += Simd.LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .sub(FloatVector.fromMemorySegment(Simd.SPECIES, b, i << 2, Simd.ORDER))
                    .fma(factor, FloatVector.fromMemorySegment(Simd.SPECIES, out, i << 2, Simd.ORDER))
                    .intoMemorySegment(out, i << 2, Simd.ORDER);
        }
        for (; i < to; i++) {
            set(out, i, Math.fma(s, get(a, i) - get(b, i), get(out, i)));
        }
    }

    /** One pass over each term per vector block; the base (a) may alias out, terms may not. */
    private void combine(long from, long to) {
        long end = vectorEnd(vector, from, to);
        if (a == null) {
            for (long i = from; i < end; i += Simd.LANES) {
                addTerms(FloatVector.zero(Simd.SPECIES), i).intoMemorySegment(out, i << 2, Simd.ORDER);
            }
        } else {
            for (long i = from; i < end; i += Simd.LANES) {
                addTerms(FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER), i)
                        .intoMemorySegment(out, i << 2, Simd.ORDER);
            }
        }
        int count = terms.length;
        for (long i = end; i < to; i++) {
            float sum = a == null ? 0f : get(a, i);
            for (int k = 0; k < count; k++) {
                sum = Math.fma(coefficients[k], get(terms[k].data(), i), sum);
            }
            set(out, i, sum);
        }
    }

    /** sum + Σₖ cₖ·termsₖ[i..i + LANES). */
    private FloatVector addTerms(FloatVector sum, long i) {
        for (int k = 0; k < terms.length; k++) {
            sum = FloatVector.fromMemorySegment(Simd.SPECIES, terms[k].data(), i << 2, Simd.ORDER)
                    .fma(FloatVector.broadcast(Simd.SPECIES, coefficients[k]), sum);
        }
        return sum;
    }
}
