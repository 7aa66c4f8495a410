package lfm.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Working memory the kernels keep between calls, sized on first use and grown only when a larger
 * problem arrives, so a training loop allocates nothing in its steady state. Buffers are shared by
 * the kernels of one backend, which run one op at a time.
 */
final class Scratch {
    private final float[][] rows; // one row buffer per worker
    private final double[][] doubleRows; // one per worker
    private float[] partials = new float[0];
    private double[] doubles = new double[0];
    private MemorySegment zeros = MemorySegment.NULL;

    Scratch(int workers) {
        this.rows = new float[workers][0];
        this.doubleRows = new double[workers][0];
    }

    /** A float buffer of at least {@code length} for worker {@code worker} (contents unspecified). */
    float[] row(int worker, int length) {
        if (rows[worker].length < length) {
            rows[worker] = new float[length];
        }
        return rows[worker];
    }

    /** A double buffer of at least {@code length} for worker {@code worker}. */
    double[] doubleRow(int worker, int length) {
        if (doubleRows[worker].length < length) {
            doubleRows[worker] = new double[length];
        }
        return doubleRows[worker];
    }

    /** Per-chunk partial results (contents unspecified), shared by all workers. */
    float[] partials(long length) {
        if (partials.length < length) {
            partials = new float[Math.toIntExact(length)];
        }
        return partials;
    }

    /** Per-chunk partial results in double, shared by all workers. */
    double[] doubles(int length) {
        if (doubles.length < length) {
            doubles = new double[length];
        }
        return doubles;
    }

    /** A segment of at least {@code count} float zeros (never written by kernels). */
    MemorySegment zeros(int count) {
        long bytes = 4L * count;
        if (zeros.byteSize() < bytes) {
            zeros = Arena.ofAuto().allocate(Math.max(bytes, 1024), 64);
        }
        return zeros;
    }
}
