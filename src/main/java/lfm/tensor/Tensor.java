package lfm.tensor;

import java.lang.foreign.MemorySegment;
import lfm.backend.Backend;

/**
 * A dense tensor: a {@link Shape}, an element type and a {@link MemorySegment} of storage that lives
 * where its {@link Backend} put it (host memory for {@code reference} and {@code cpu}, device memory
 * for {@code cuda}) and is owned by the {@link TensorArena} that allocated it.
 *
 * <p>Layout: row-major, contiguous, no strides or offsets; element (i, j) of the (rows, cols) view is
 * at byte offset (i·cols + j)·dtype.bytes(). Model and tape code never touch elements: they call the
 * backend. Reading values on the host is explicit ({@link #toFloats()}) and may copy from a device.
 *
 * <p>For a device tensor the segment holds the device address; dereferencing it on the host is a bug.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final MemorySegment data;
    private final Backend backend;
    private final TensorArena arena;

    public Tensor(Shape shape, DType dtype, MemorySegment data, Backend backend, TensorArena arena) {
        long needed = shape.size() * dtype.bytes();
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException(
                    "storage of " + data.byteSize() + " bytes is too small for " + shape + " " + dtype);
        }
        this.shape = shape;
        this.dtype = dtype;
        this.data = data;
        this.backend = backend;
        this.arena = arena;
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** The storage. Only backends read or write it. */
    public MemorySegment data() {
        return data;
    }

    public Backend backend() {
        return backend;
    }

    public TensorArena arena() {
        return arena;
    }

    public int rows() {
        return shape.rows();
    }

    public int cols() {
        return shape.cols();
    }

    public long size() {
        return shape.size();
    }

    /** Copies the values to a new host array (from the device if the tensor lives there). */
    public float[] toFloats() {
        return backend.toHost(this);
    }

    /** The single value of a (1, 1) tensor, read on the host. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item() of a tensor of shape " + shape);
        }
        return toFloats()[0];
    }

    /** Same storage seen with another shape of the same size (no copy). */
    public Tensor view(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot view " + shape + " as " + newShape);
        }
        return new Tensor(newShape, dtype, data, backend, arena);
    }

    /** Rows [from, from + count) as a tensor sharing this storage (row-major makes it contiguous). */
    public Tensor rowSlice(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows()) {
            throw new IllegalArgumentException("rows [" + from + ", " + (from + count) + ") of " + shape);
        }
        long rowBytes = (long) cols() * dtype.bytes();
        int[] dims = shape.dims();
        if (dims.length == 1) {
            dims = new int[] {1, dims[0]};
        }
        dims[0] = count;
        return new Tensor(Shape.of(dims), dtype, data.asSlice(from * rowBytes, count * rowBytes), backend, arena);
    }

    @Override
    public String toString() {
        return "Tensor" + shape + " " + dtype + " on " + backend.name();
    }
}
