package lfm.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import lfm.tensor.BumpArena;

/**
 * Host memory for {@link BumpArena}s: each chunk comes from its own shared {@link Arena}, so it can be
 * freed on its own when the bump arena merges or closes. Shared (not confined) because the CPU
 * backend's worker threads read and write tensors.
 */
public final class HostChunks implements BumpArena.ChunkSource {
    private final IdentityHashMap<MemorySegment, Arena> owners = new IdentityHashMap<>();

    @Override
    public synchronized MemorySegment obtain(long bytes) {
        Arena arena = Arena.ofShared();
        MemorySegment chunk = arena.allocate(bytes, BumpArena.ALIGNMENT);
        owners.put(chunk, arena);
        return chunk;
    }

    @Override
    public synchronized void release(MemorySegment chunk) {
        Arena arena = owners.remove(chunk);
        if (arena != null) {
            arena.close();
        }
    }
}
