package lfm.backend.cuda;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the three libraries the CUDA backend loads, and says where it looked when one is missing.
 * <ul>
 *   <li>Our kernels, {@code liblfmkernels.so}: {@code -Dlfm.native.path} or {@code LFM_NATIVE_PATH} (a
 *       folder or the file; when set, only there), else next to the jar, else {@code native/build} of a
 *       source checkout.</li>
 *   <li>cudart and cuBLAS ({@code .so.13}, {@code .so.12} or unversioned): the folders of
 *       {@code -Dlfm.cuda.libs} / {@code LFM_CUDA_LIBS} (colon-separated), {@code LD_LIBRARY_PATH},
 *       {@code $CUDA_HOME/lib64}, {@code /usr/local/cuda/lib64}, then the {@code nvidia/*}/lib folders of
 *       Python installs where CUDA came with PyTorch, in that order.</li>
 * </ul>
 */
final class CudaLibraries {
    static final String KERNELS = "liblfmkernels.so";
    private static final String[] VERSIONS = {".13", ".12", ""};

    private CudaLibraries() {}

    /** A located library, or the reason it was not found. */
    record Found(Path path, String missing) {
        static Found at(Path path) {
            return new Found(path, null);
        }

        static Found none(String missing) {
            return new Found(null, missing);
        }
    }

    static Found kernels() {
        String explicit = setting("lfm.native.path", "LFM_NATIVE_PATH");
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            Path given = Path.of(explicit);
            candidates.add(Files.isDirectory(given) ? given.resolve(KERNELS) : given);
        } else {
            Path home = codeHome();
            if (home != null) {
                candidates.add(home.resolve(KERNELS));
                candidates.add(home.resolve("../native/build").resolve(KERNELS).normalize());
                candidates.add(
                        home.resolve("../../native/build").resolve(KERNELS).normalize());
            }
            candidates.add(Path.of("native/build").resolve(KERNELS).toAbsolutePath());
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return Found.at(candidate.toAbsolutePath());
            }
        }
        return Found.none("lfm kernel library " + KERNELS + " not found (looked at " + join(candidates)
                + "); build it with 'make native' (needs nvcc) or point -Dlfm.native.path / LFM_NATIVE_PATH at it");
    }

    static Found cudart() {
        return cudaLibrary("libcudart.so", "CUDA runtime");
    }

    static Found cublas() {
        return cudaLibrary("libcublas.so", "cuBLAS");
    }

    /** libcublasLt beside a found libcublas (cuBLAS needs it; loaded first so its soname resolves). */
    static Path cublasLtBeside(Path cublas) {
        String suffix = cublas.getFileName().toString().substring("libcublas.so".length());
        Path lt = cublas.resolveSibling("libcublasLt.so" + suffix);
        return Files.isRegularFile(lt) ? lt : null;
    }

    private static Found cudaLibrary(String base, String what) {
        Set<Path> folders = searchFolders();
        for (Path folder : folders) {
            for (String version : VERSIONS) {
                Path candidate = folder.resolve(base + version);
                if (Files.isRegularFile(candidate)) {
                    return Found.at(candidate.toAbsolutePath());
                }
            }
        }
        return Found.none(what + " library " + base + ".13 not found (looked in " + join(folders)
                + "); set LFM_CUDA_LIBS to the folder that holds it");
    }

    static Set<Path> searchFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        addPathList(folders, setting("lfm.cuda.libs", "LFM_CUDA_LIBS"));
        addPathList(folders, System.getenv("LD_LIBRARY_PATH"));
        for (String home : new String[] {System.getenv("CUDA_HOME"), System.getenv("CUDA_PATH")}) {
            if (home != null && !home.isBlank()) {
                folders.add(Path.of(home, "lib64"));
            }
        }
        folders.add(Path.of("/usr/local/cuda/lib64"));
        folders.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        folders.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        for (Path sitePackages : pythonSitePackages()) {
            addNvidiaFolders(folders, sitePackages.resolve("nvidia"));
        }
        return folders;
    }

    /** Python installs where pip's nvidia-* wheels (PyTorch's CUDA) may live. */
    private static List<Path> pythonSitePackages() {
        List<Path> roots = new ArrayList<>();
        for (String prefix : new String[] {System.getenv("VIRTUAL_ENV"), System.getenv("CONDA_PREFIX")}) {
            if (prefix != null && !prefix.isBlank()) {
                roots.add(Path.of(prefix, "lib"));
            }
        }
        roots.add(Path.of("/usr/local/lib"));
        roots.add(Path.of("/usr/lib"));
        roots.add(Path.of(System.getProperty("user.home"), ".local/lib"));
        for (Path opt : children(Path.of("/opt"))) {
            roots.add(opt.resolve(".venv/lib"));
            roots.add(opt.resolve("lib"));
        }
        List<Path> sites = new ArrayList<>();
        for (Path root : roots) {
            for (Path python : children(root)) {
                if (python.getFileName().toString().startsWith("python3")) {
                    sites.add(python.resolve("site-packages"));
                    sites.add(python.resolve("dist-packages"));
                }
            }
        }
        return sites;
    }

    private static void addNvidiaFolders(Set<Path> folders, Path nvidia) {
        for (Path component : children(nvidia)) {
            Path lib = component.resolve("lib");
            if (Files.isDirectory(lib)) {
                folders.add(lib);
            }
        }
    }

    private static List<Path> children(Path folder) {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return result;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                if (Files.isDirectory(child)) {
                    result.add(child);
                }
            }
        } catch (IOException | SecurityException unreadable) {
            // an unreadable folder holds nothing we can load
        }
        result.sort(null);
        return result;
    }

    private static void addPathList(Set<Path> folders, String list) {
        if (list == null) {
            return;
        }
        for (String part : list.split(":", -1)) {
            if (!part.isBlank()) {
                folders.add(Path.of(part).toAbsolutePath().normalize());
            }
        }
    }

    /** A system property, else an environment variable, else null. */
    static String setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** The folder of the jar (or classes folder) this class was loaded from. */
    private static Path codeHome() {
        try {
            var source = CudaLibraries.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException unknown) {
            return null;
        }
    }

    private static String join(Iterable<Path> paths) {
        StringBuilder text = new StringBuilder();
        for (Path path : paths) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(path);
        }
        return text.toString();
    }
}
