package lfm.dist.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lfm.bindings.NativeLibraries;
import lfm.dist.LibraryPaths;

/**
 * Finds and opens the MPI library, and tells which handle convention it uses.
 * <ul>
 *   <li>{@code -Dlfm.mpi.lib} or {@code LFM_MPI_LIB}: the library file (or a folder holding it); when
 *       set, only there.</li>
 *   <li>Otherwise {@code libmpi.so.40} (Open MPI 3–5) and {@code libmpi.so.12} / {@code libmpich.so.12}
 *       (MPICH 3–4 and its ABI: Intel MPI, Cray MPICH, MVAPICH), in the order the launcher suggests
 *       (Open MPI's mpirun sets {@code OMPI_COMM_WORLD_SIZE}, MPICH's Hydra {@code PMI_RANK}), in the
 *       folders of {@code LD_LIBRARY_PATH} (what {@code module load openmpi} sets on a cluster),
 *       {@code $MPI_HOME/lib}, the distributions' MPI folders and the system library folders.</li>
 * </ul>
 * The convention is decided by symbol lookup: a library that exports {@code ompi_mpi_comm_world} is
 * Open MPI (handles are addresses of globals), any other library with {@code MPI_Init_thread} follows
 * MPICH's (handles are int constants).
 *
 * <p>The JVM handles SIGSEGV itself (null checks, safepoints); UCX, which Open MPI and MPICH use on
 * InfiniBand and which Debian's MPICH uses everywhere, installs its own SIGSEGV handler at MPI_Init and
 * would crash the JVM on its first null check. So before the library starts, {@code UCX_ERROR_SIGNALS}
 * is set to empty (UCX then leaves signals alone) unless the user has set it.
 */
public final class MpiLibrary {
    private static final List<String> OPEN_MPI = List.of("libmpi.so.40");
    private static final List<String> MPICH = List.of("libmpi.so.12", "libmpich.so.12");

    private static MpiCalls calls;

    private MpiLibrary() {}

    /** Opens the library once per process and returns its calls; fails with where it looked. */
    static synchronized MpiCalls load() {
        if (calls == null) {
            keepSignalsForTheJvm();
            Path path = locate();
            NativeLibraries.register("mpi", path);
            SymbolLookup lookup;
            try {
                lookup = NativeLibraries.lookup("mpi");
            } catch (IllegalArgumentException | IllegalStateException unloadable) {
                throw new MpiException(
                        "cannot load the MPI library " + path + ": " + unloadable.getMessage(), unloadable);
            }
            if (lookup.find("ompi_mpi_comm_world").isPresent()) {
                calls = new OpenMpiCalls();
            } else if (lookup.find("MPI_Init_thread").isPresent()) {
                calls = new MpichCalls();
            } else {
                throw new MpiException(path + " is not an MPI library (it has no MPI_Init_thread); set LFM_MPI_LIB to "
                        + "the libmpi.so of the MPI that launches the job");
            }
        }
        return calls;
    }

    /** setenv("UCX_ERROR_SIGNALS", "", 0) in this process's C environment, which MPI's libraries read. */
    private static void keepSignalsForTheJvm() {
        if (System.getenv("UCX_ERROR_SIGNALS") != null) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment setenv = linker.defaultLookup()
                .find("setenv")
                .orElseThrow(() -> new MpiException(
                        "the C library has no setenv; set UCX_ERROR_SIGNALS= (empty) before starting"));
        var handle = linker.downcallHandle(
                setenv,
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) handle.invokeExact(arena.allocateFrom("UCX_ERROR_SIGNALS"), arena.allocateFrom(""), 0);
            if (status != 0) {
                throw new MpiException(
                        "setenv(UCX_ERROR_SIGNALS) failed; set UCX_ERROR_SIGNALS= (empty) before starting");
            }
        } catch (MpiException failure) {
            throw failure;
        } catch (Throwable unexpected) {
            throw new MpiException("setenv(UCX_ERROR_SIGNALS) failed: " + unexpected, unexpected);
        }
    }

    /** The library file to load, or an error naming where it looked and how to point at it. */
    public static Path locate() {
        String explicit = LibraryPaths.setting("lfm.mpi.lib", "LFM_MPI_LIB");
        List<String> names = names();
        if (explicit != null) {
            Path found = LibraryPaths.explicit(explicit, names);
            if (found == null) {
                throw new MpiException(
                        "LFM_MPI_LIB / -Dlfm.mpi.lib = " + explicit + ": no such MPI library (expected a "
                                + "libmpi.so file or a folder holding one of " + names + ")");
            }
            return found;
        }
        Set<Path> folders = LibraryPaths.folders(installFolders());
        Path found = LibraryPaths.find(folders, names);
        if (found == null) {
            throw new MpiException(
                    "no MPI library found (looked for " + names + " in " + LibraryPaths.join(folders)
                            + "); install Open MPI (Debian: apt-get install openmpi-bin) or MPICH, or set LFM_MPI_LIB to its libmpi.so");
        }
        return found;
    }

    /** Library names, the launcher's own family first. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        boolean hydra = System.getenv("PMI_RANK") != null
                || System.getenv("PMI_SIZE") != null
                || System.getenv("MPI_LOCALRANKID") != null;
        if (hydra && System.getenv("OMPI_COMM_WORLD_SIZE") == null) {
            names.addAll(MPICH);
            names.addAll(OPEN_MPI);
        } else {
            names.addAll(OPEN_MPI);
            names.addAll(MPICH);
        }
        names.add("libmpi.so");
        return names;
    }

    private static List<Path> installFolders() {
        List<Path> folders = new ArrayList<>();
        String home = System.getenv("MPI_HOME");
        if (home != null && !home.isBlank()) {
            folders.add(Path.of(home, "lib"));
            folders.add(Path.of(home, "lib64"));
        }
        folders.add(Path.of("/usr/lib64/openmpi/lib")); // Fedora, RHEL
        folders.add(Path.of("/usr/lib64/mpich/lib"));
        folders.add(Path.of("/usr/lib/x86_64-linux-gnu/openmpi/lib"));
        folders.add(Path.of("/opt/openmpi/lib"));
        return folders;
    }
}
