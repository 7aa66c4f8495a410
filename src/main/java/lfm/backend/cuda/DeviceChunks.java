package lfm.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import lfm.bindings.cudart.Cudart;
import lfm.tensor.BumpArena;

/**
 * Device memory for {@link BumpArena}s: each chunk is one cudaMalloc, handed out as a segment that
 * holds the device address (never dereferenced on the host). Bump arenas reset every step and keep
 * their chunks, so this is a caching allocator: cudaMalloc and cudaFree run while a loop warms up,
 * not per op. cudaMalloc aligns to 256 bytes, as {@link BumpArena#ALIGNMENT} asks.
 */
final class DeviceChunks implements BumpArena.ChunkSource {
    private final MemorySegment stream;
    private final IdentityHashMap<MemorySegment, Long> live = new IdentityHashMap<>();
    private boolean closed;
    private long bytesHeld;

    DeviceChunks(MemorySegment stream) {
        this.stream = stream;
    }

    @Override
    public synchronized MemorySegment obtain(long bytes) {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
            int status = Cudart.cudaMalloc(pointer, bytes);
            if (status != 0) {
                throw new CudaException(
                        "cudaMalloc",
                        status,
                        CudaRuntime.decode(status) + " (asked for " + bytes / (1 << 20) + " MiB with "
                                + bytesHeld / (1 << 20) + " MiB held by lfm)");
            }
            MemorySegment chunk = pointer.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
            live.put(chunk, bytes);
            bytesHeld += bytes;
            return chunk;
        }
    }

    /** Frees a chunk once every queued op that might use it has finished. */
    @Override
    public synchronized void release(MemorySegment chunk) {
        Long bytes = live.remove(chunk);
        if (closed || bytes == null) {
            return;
        }
        CudaRuntime.check("cudaStreamSynchronize", Cudart.cudaStreamSynchronize(stream));
        CudaRuntime.check("cudaFree", Cudart.cudaFree(chunk));
        bytesHeld -= bytes;
    }

    synchronized long bytesHeld() {
        return bytesHeld;
    }

    /** Frees every chunk still held (arenas not closed before the backend). */
    synchronized void close() {
        if (closed) {
            return;
        }
        for (MemorySegment chunk : live.keySet()) {
            Cudart.cudaFree(chunk);
        }
        live.clear();
        bytesHeld = 0;
        closed = true;
    }
}
