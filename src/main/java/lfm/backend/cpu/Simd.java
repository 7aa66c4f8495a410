package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape every CPU kernel uses and the few memory helpers they share. Indices are in floats
 * (not bytes); tensors are float32 native segments (see {@link lfm.tensor.Tensor}).
 *
 * <p>Every kernel loops {@code [from, vectorEnd)} with vectors and {@code [vectorEnd, to)} with plain
 * scalar code; {@link #vectorEnd} returns {@code from} when the backend runs its scalar kernels, so the
 * forced-scalar path is the tail loop run over the whole range.
 */
final class Simd {
    /**
     * The widest float vector the hardware runs well (8 lanes with AVX2, 16 with AVX-512), or the width
     * {@link VectorWidth#PROPERTY} asks for. A constant, so that C2 compiles every kernel for it.
     */
    static final VectorSpecies<Float> SPECIES = VectorWidth.species(System.getProperty(VectorWidth.PROPERTY));

    static final int LANES = SPECIES.length();
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Simd() {}

    /** End of the whole-vector part of [from, to): from + a multiple of LANES, or from when scalar. */
    static long vectorEnd(boolean vector, long from, long to) {
        return vector ? from + ((to - from) & -(long) LANES) : from;
    }

    static int vectorEnd(boolean vector, int from, int to) {
        return vector ? from + ((to - from) & -LANES) : from;
    }

    static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index << 2, ORDER);
    }

    static void store(FloatVector value, MemorySegment segment, long index) {
        value.intoMemorySegment(segment, index << 2, ORDER);
    }

    /**
     * Σ of the lanes in lane order, in double. Not {@code reduceLanes(ADD)}, whose order is unspecified
     * and differs between the interpreter and compiled code: a seeded run must not depend on the JIT.
     */
    static double sumLanes(FloatVector vector) {
        double total = 0;
        for (int lane = 0; lane < LANES; lane++) {
            total += vector.lane(lane);
        }
        return total;
    }

    static float get(MemorySegment segment, long index) {
        return segment.getAtIndex(FLOAT, index);
    }

    static void set(MemorySegment segment, long index, float value) {
        segment.setAtIndex(FLOAT, index, value);
    }

    /**
     * Range of part {@code worker} of {@code workers} over [0, count), cut at multiples of
     * {@code grain} so that each part but the last is made of whole vectors.
     */
    static long partStart(long count, long grain, int worker, int workers) {
        long units = (count + grain - 1) / grain;
        return Math.min(count, WorkerPool.splitPoint(units, worker, workers) * grain);
    }
}
