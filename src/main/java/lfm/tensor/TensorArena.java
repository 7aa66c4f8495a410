package lfm.tensor;

/**
 * Owner of tensor storage, created by a backend and named for what it holds ("parameters", "step",
 * "pool"). Tensors allocated here stay valid until {@link #reset()} or {@link #close()}.
 *
 * <p>{@link #reset()} is how per-step scratch is freed: the memory is kept and handed out again, so a
 * training loop allocates nothing in its steady state. {@link #close()} returns the memory to the
 * system (host) or the device.
 */
public interface TensorArena extends AutoCloseable {

    /** A new tensor with unspecified contents. */
    Tensor allocate(Shape shape, DType dtype);

    /** A new tensor of this arena's default element type ({@link #defaultType()}). */
    default Tensor allocate(Shape shape) {
        return allocate(shape, defaultType());
    }

    /** Element type of {@link #allocate(Shape)}: float32, or float64 in the reference backend's
     *  double-precision arenas (used by the gradient checks). */
    default DType defaultType() {
        return DType.F32;
    }

    /** Invalidates every tensor allocated so far and keeps the memory for the next allocations. */
    void reset();

    /** Bytes handed out since the last reset. */
    long bytesInUse();

    /** Bytes held (in use or kept for reuse). */
    long bytesReserved();

    String name();

    @Override
    void close();
}
