package lfm.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each bound library lives, decided once per process before its binding class is first used (the
 * CUDA backend's library discovery registers the paths it found). The binding classes ({@code Cudart},
 * {@code Cublas}, {@code LfmKernels}) ask here for their {@link SymbolLookup}; the library is opened
 * (dlopen) at that moment and stays loaded for the life of the process ({@link Arena#global()}).
 */
public final class NativeLibraries {
    private static final Map<String, Path> PATHS = new LinkedHashMap<>();
    private static final Map<String, SymbolLookup> LOOKUPS = new LinkedHashMap<>();

    private NativeLibraries() {}

    /** Records where library {@code key} is; a second registration of a different path is refused. */
    public static synchronized void register(String key, Path path) {
        Path known = PATHS.get(key);
        if (known != null && !known.equals(path)) {
            throw new IllegalStateException("native library '" + key + "' is already bound to " + known
                    + "; cannot rebind it to " + path + " in the same process");
        }
        PATHS.put(key, path);
    }

    /** The registered path of {@code key}, or null. */
    public static synchronized Path path(String key) {
        return PATHS.get(key);
    }

    /** Opens library {@code key} (once) and returns its symbols. */
    public static synchronized SymbolLookup lookup(String key) {
        SymbolLookup lookup = LOOKUPS.get(key);
        if (lookup == null) {
            Path path = PATHS.get(key);
            if (path == null) {
                throw new IllegalStateException("native library '" + key + "' was used before it was located");
            }
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
            LOOKUPS.put(key, lookup);
        }
        return lookup;
    }

    /** "key (path)" for error messages. */
    public static synchronized String describe(String key) {
        return key + " (" + PATHS.getOrDefault(key, Path.of("not located")) + ")";
    }
}
