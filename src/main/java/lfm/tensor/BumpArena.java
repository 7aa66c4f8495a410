package lfm.tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;

/**
 * A {@link TensorArena} that carves tensors out of large chunks with a moving offset. Chunks come from
 * a {@link ChunkSource} (host memory, or device memory for the CUDA backend), so the same code serves
 * every backend. {@link #reset()} rewinds the offset; if the last round needed several chunks they are
 * merged into one large chunk, so a loop that repeats the same allocations settles on a single chunk
 * and stops asking the source for memory.
 */
public final class BumpArena implements TensorArena {

    /** Where chunks come from and go back to. */
    public interface ChunkSource {
        /** A chunk of at least {@code bytes} bytes, aligned to {@link #ALIGNMENT}. */
        MemorySegment obtain(long bytes);

        void release(MemorySegment chunk);
    }

    /** Every tensor starts on a 256-byte boundary (cache lines on the host, coalescing on a GPU). */
    public static final long ALIGNMENT = 256;

    private static final long MIN_CHUNK = 1L << 20;

    private final String name;
    private final Backend backend;
    private final ChunkSource source;
    private final DType defaultType;
    private final List<MemorySegment> chunks = new ArrayList<>();
    private int current; // index of the chunk being carved
    private long offset; // next free byte in chunks[current]
    private long inUse;
    private boolean closed;

    public BumpArena(String name, Backend backend, ChunkSource source) {
        this(name, backend, source, DType.F32);
    }

    public BumpArena(String name, Backend backend, ChunkSource source, DType defaultType) {
        this.name = name;
        this.backend = backend;
        this.source = source;
        this.defaultType = defaultType;
    }

    @Override
    public DType defaultType() {
        return defaultType;
    }

    @Override
    public Tensor allocate(Shape shape, DType dtype) {
        if (closed) {
            throw new IllegalStateException("arena '" + name + "' is closed");
        }
        long bytes = Math.max(ALIGNMENT, alignUp(shape.size() * dtype.bytes()));
        MemorySegment storage = carve(bytes);
        inUse += bytes;
        return new Tensor(shape, dtype, storage.asSlice(0, shape.size() * dtype.bytes()), backend, this);
    }

    private MemorySegment carve(long bytes) {
        while (current < chunks.size()) {
            MemorySegment chunk = chunks.get(current);
            if (offset + bytes <= chunk.byteSize()) {
                MemorySegment slice = chunk.asSlice(offset, bytes);
                offset += bytes;
                return slice;
            }
            current++;
            offset = 0;
        }
        long reserved = bytesReserved();
        MemorySegment chunk = source.obtain(Math.max(Math.max(bytes, MIN_CHUNK), reserved));
        chunks.add(chunk);
        current = chunks.size() - 1;
        offset = bytes;
        return chunk.asSlice(0, bytes);
    }

    @Override
    public void reset() {
        if (chunks.size() > 1) {
            long total = bytesReserved();
            for (MemorySegment chunk : chunks) {
                source.release(chunk);
            }
            chunks.clear();
            chunks.add(source.obtain(total));
        }
        current = 0;
        offset = 0;
        inUse = 0;
    }

    @Override
    public long bytesInUse() {
        return inUse;
    }

    @Override
    public long bytesReserved() {
        long total = 0;
        for (MemorySegment chunk : chunks) {
            total += chunk.byteSize();
        }
        return total;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MemorySegment chunk : chunks) {
            source.release(chunk);
        }
        chunks.clear();
    }

    private static long alignUp(long bytes) {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
