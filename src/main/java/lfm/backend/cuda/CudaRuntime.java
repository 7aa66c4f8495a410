package lfm.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import lfm.bindings.NativeLibraries;
import lfm.bindings.cudart.Cudart;
import lfm.bindings.kernels.LfmKernelConstants;
import lfm.bindings.kernels.LfmKernels;

/**
 * Locates and loads cudart, our kernels and cuBLAS once per process, and answers whether a GPU is
 * usable ({@link #unavailableReason()}: null, or one line saying why not). Order: cudart first (its
 * soname then satisfies the kernel library's dependency), the device count, then the kernel library
 * (and its ABI version), then cuBLAS (after libcublasLt beside it).
 */
final class CudaRuntime {
    static final int ABI_VERSION = LfmKernelConstants.LFM_ABI_VERSION;

    private static String reason;
    private static boolean checked;

    private CudaRuntime() {}

    static synchronized String unavailableReason() {
        if (!checked) {
            try {
                reason = check();
            } catch (RuntimeException | LinkageError failure) {
                reason = "CUDA libraries failed to load: " + failure.getMessage();
            }
            checked = true;
        }
        return reason;
    }

    private static String check() {
        CudaLibraries.Found cudart = CudaLibraries.cudart();
        if (cudart.path() == null) {
            return cudart.missing();
        }
        String loadFailure = register("cudart", cudart.path());
        if (loadFailure != null) {
            return loadFailure;
        }
        int count;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_INT);
            int status = Cudart.cudaGetDeviceCount(countOut);
            if (status != 0) {
                return "no usable GPU: cudaGetDeviceCount: error " + status + " " + decode(status);
            }
            count = countOut.get(ValueLayout.JAVA_INT, 0);
        }
        if (count == 0) {
            return "no usable GPU: cudaGetDeviceCount found no CUDA device";
        }
        CudaLibraries.Found kernels = CudaLibraries.kernels();
        if (kernels.path() == null) {
            return kernels.missing();
        }
        loadFailure = register("lfmkernels", kernels.path());
        if (loadFailure != null) {
            return loadFailure;
        }
        int abi = LfmKernels.lfm_abi_version();
        if (abi != ABI_VERSION) {
            return "kernel library " + kernels.path() + " has ABI version " + abi + ", this jar needs " + ABI_VERSION
                    + "; rebuild it with 'make native'";
        }
        CudaLibraries.Found cublas = CudaLibraries.cublas();
        if (cublas.path() == null) {
            return cublas.missing();
        }
        Path lt = CudaLibraries.cublasLtBeside(cublas.path());
        if (lt != null && (loadFailure = register("cublasLt", lt)) != null) {
            return loadFailure;
        }
        return register("cublas", cublas.path());
    }

    /** Registers and opens a library; null on success, else why it failed to open. */
    private static String register(String key, Path path) {
        try {
            NativeLibraries.register(key, path);
            NativeLibraries.lookup(key);
            return null;
        } catch (IllegalArgumentException | IllegalStateException failure) {
            return "cannot load " + path + ": " + failure.getMessage();
        }
    }

    /** "(cudaErrorInsufficientDriver), CUDA driver version is insufficient for CUDA runtime version" */
    static String decode(int status) {
        if (status >= LfmKernelConstants.LFM_STATUS_FIRST) {
            return switch (status) {
                case LfmKernelConstants.LFM_STATUS_BAD_ARGUMENT ->
                    "(LFM_STATUS_BAD_ARGUMENT), a size, count or code out of range";
                case LfmKernelConstants.LFM_STATUS_SCRATCH_TOO_SMALL ->
                    "(LFM_STATUS_SCRATCH_TOO_SMALL), the reduction scratch is too small";
                case LfmKernelConstants.LFM_STATUS_EMULATION ->
                    "(LFM_STATUS_EMULATION), a kernel broke a rule of the CPU emulator";
                default -> "(unknown lfm status)";
            };
        }
        String name = cString(Cudart.cudaGetErrorName(status));
        String text = cString(Cudart.cudaGetErrorString(status));
        return "(" + name + "), " + text;
    }

    private static String cString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL)
                ? "?"
                : pointer.reinterpret(1024).getString(0);
    }

    /** Throws a {@link CudaException} naming {@code call} when {@code status} is not 0. */
    static void check(String call, int status) {
        if (status != 0) {
            throw new CudaException(call, status, decode(status));
        }
    }

    /** Reads the device's description through layout-stable calls. */
    static DeviceInfo deviceInfo(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            check("cudaDeviceGetAttribute", Cudart.cudaDeviceGetAttribute(value, 75, ordinal));
            int major = value.get(ValueLayout.JAVA_INT, 0);
            check("cudaDeviceGetAttribute", Cudart.cudaDeviceGetAttribute(value, 76, ordinal));
            int minor = value.get(ValueLayout.JAVA_INT, 0);
            check("cudaDeviceGetAttribute", Cudart.cudaDeviceGetAttribute(value, 16, ordinal));
            int multiprocessors = value.get(ValueLayout.JAVA_INT, 0);
            check("cudaRuntimeGetVersion", Cudart.cudaRuntimeGetVersion(value));
            int runtime = value.get(ValueLayout.JAVA_INT, 0);
            check("cudaDriverGetVersion", Cudart.cudaDriverGetVersion(value));
            int driver = value.get(ValueLayout.JAVA_INT, 0);
            MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment total = arena.allocate(ValueLayout.JAVA_LONG);
            check("cudaMemGetInfo", Cudart.cudaMemGetInfo(free, total));
            // cudaDeviceProp grows between CUDA versions; 16 KiB holds every layout so far, and only
            // its first field (char name[256]) is read.
            MemorySegment properties = arena.allocate(16384, 16);
            check("cudaGetDeviceProperties", Cudart.cudaGetDeviceProperties(properties, ordinal));
            String name = properties.asSlice(0, 256).getString(0);
            return new DeviceInfo(
                    ordinal,
                    name,
                    total.get(ValueLayout.JAVA_LONG, 0),
                    free.get(ValueLayout.JAVA_LONG, 0),
                    major,
                    minor,
                    multiprocessors,
                    runtime,
                    driver);
        }
    }
}
