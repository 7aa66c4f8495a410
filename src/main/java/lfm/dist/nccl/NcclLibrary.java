package lfm.dist.nccl;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lfm.bindings.NativeLibraries;
import lfm.bindings.nccl.Nccl;
import lfm.dist.LibraryPaths;

/**
 * Finds and opens NCCL ({@code libnccl.so.2}) and wraps the calls that need no communicator.
 * <ul>
 *   <li>{@code -Dlfm.nccl.lib} or {@code LFM_NCCL_LIB}: the library file or its folder; when set, only there.</li>
 *   <li>Otherwise the folders of {@code LD_LIBRARY_PATH}, {@code $NCCL_HOME/lib}, {@code $CUDA_HOME/lib64},
 *       {@code /usr/local/cuda/lib64}, the {@code nvidia/nccl/lib} folder of the Python environment in
 *       {@code $VIRTUAL_ENV} or {@code $CONDA_PREFIX} (where pip's nvidia-nccl wheels put it), and the
 *       system library folders (Debian's and NVIDIA's libnccl2 packages).</li>
 * </ul>
 * NCCL loads without a GPU: its version and unique ids work anywhere; a communicator needs a device.
 */
public final class NcclLibrary {
    private static final List<String> NAMES = List.of("libnccl.so.2", "libnccl.so");
    private static boolean loaded;

    private NcclLibrary() {}

    /** Opens NCCL once per process; fails with where it looked. */
    public static synchronized void load() {
        if (!loaded) {
            NativeLibraries.register("nccl", locate());
            NativeLibraries.lookup("nccl");
            loaded = true;
        }
    }

    /** Null when NCCL can be loaded, else one line saying why not. */
    public static String unavailableReason() {
        try {
            load();
            return null;
        } catch (NcclException | IllegalArgumentException | IllegalStateException missing) {
            return missing.getMessage();
        }
    }

    /** The library file, or an error naming where it looked and how to point at it. */
    public static Path locate() {
        String explicit = LibraryPaths.setting("lfm.nccl.lib", "LFM_NCCL_LIB");
        if (explicit != null) {
            Path found = LibraryPaths.explicit(explicit, NAMES);
            if (found == null) {
                throw new NcclException("LFM_NCCL_LIB / -Dlfm.nccl.lib = " + explicit + ": no libnccl.so.2 there", 0);
            }
            return found;
        }
        Set<Path> folders = LibraryPaths.folders(installFolders());
        Path found = LibraryPaths.find(folders, NAMES);
        if (found == null) {
            throw new NcclException(
                    "NCCL (libnccl.so.2) not found (looked in " + LibraryPaths.join(folders)
                            + "); set LFM_NCCL_LIB to the library or its folder",
                    0);
        }
        return found;
    }

    /** NCCL's version as major·10000 + minor·100 + patch (2.30.7 → 23007). */
    public static int version() {
        load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(ValueLayout.JAVA_INT);
            check("ncclGetVersion", Nccl.ncclGetVersion(version), MemorySegment.NULL);
            return version.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** "2.30.7" from {@link #version()}. */
    public static String versionText() {
        int code = version();
        return code / 10000 + "." + code / 100 % 100 + "." + code % 100;
    }

    /** A fresh ncclUniqueId (128 bytes): rank 0 makes it, every rank passes it to ncclCommInitRank. */
    public static byte[] uniqueId() {
        load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(Nccl.ncclUniqueId_LAYOUT);
            check("ncclGetUniqueId", Nccl.ncclGetUniqueId(id), MemorySegment.NULL);
            return id.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Throws an {@link NcclException} naming the call, NCCL's name for the status and its last error. */
    static void check(String call, int status, MemorySegment communicator) {
        if (status == 0) {
            return;
        }
        String name = Nccl.ncclGetErrorString(status).reinterpret(1024).getString(0);
        String detail = Nccl.ncclGetLastError(communicator)
                .reinterpret(4096)
                .getString(0)
                .strip();
        throw new NcclException(
                call + " failed: " + name + " (ncclResult_t " + status + ")" + (detail.isEmpty() ? "" : ": " + detail),
                status);
    }

    private static List<Path> installFolders() {
        List<Path> folders = new ArrayList<>();
        for (String home : new String[] {System.getenv("NCCL_HOME"), System.getenv("CUDA_HOME")}) {
            if (home != null && !home.isBlank()) {
                folders.add(Path.of(home, "lib"));
                folders.add(Path.of(home, "lib64"));
            }
        }
        folders.add(Path.of("/usr/local/cuda/lib64"));
        for (String prefix : new String[] {System.getenv("VIRTUAL_ENV"), System.getenv("CONDA_PREFIX")}) {
            if (prefix != null && !prefix.isBlank()) {
                for (Path python : children(Path.of(prefix, "lib"))) {
                    folders.add(python.resolve("site-packages/nvidia/nccl/lib"));
                }
            }
        }
        return folders;
    }

    private static List<Path> children(Path folder) {
        List<Path> result = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "python3*")) {
                stream.forEach(result::add);
            } catch (IOException unreadable) {
                // nothing to find there
            }
        }
        result.sort(null);
        return result;
    }
}
