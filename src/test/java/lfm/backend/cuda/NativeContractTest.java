package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lfm.backend.Activation;
import lfm.bindings.kernels.LfmKernelConstants;
import lfm.flow.Interpolant;
import org.junit.jupiter.api.Test;

/**
 * native/lfm_kernels.h is the one source of the native contract's constants. bindings/generate.py writes them
 * into {@link LfmKernelConstants}, which the Java side uses; this test fails when that class is stale, and
 * checks what the generator cannot: every activation kind and interpolant has its code, and every status
 * its decoded name.
 */
class NativeContractTest {
    private static final Path HEADER = Path.of("native/lfm_kernels.h");
    private static final String REGENERATE = "run 'python3 bindings/generate.py' (it rewrites "
            + "bindings/src/main/java/lfm/bindings/kernels/LfmKernelConstants.java from " + HEADER + ")";
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(LFM_\\w+)\\s+(-?\\d+)\\b", Pattern.MULTILINE);

    @Test
    void theGeneratedConstantsAreThoseOfTheHeader() throws Exception {
        Map<String, Integer> generated = new LinkedHashMap<>();
        for (Field field : LfmKernelConstants.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                generated.put(field.getName(), field.getInt(null));
            }
        }
        assertEquals(defines(), generated, "LfmKernelConstants disagrees with " + HEADER + ": " + REGENERATE);
    }

    @Test
    void everyActivationAndInterpolantHasItsCode() throws IOException {
        Map<String, Integer> defines = defines();
        for (Activation.Kind kind : Activation.Kind.values()) {
            String name = "LFM_ACT_" + kind.name();
            assertEquals(
                    defines.get(name), kind.code(), name + " in " + HEADER + " vs Activation.Kind." + kind + ".code()");
        }
        for (Interpolant interpolant : Interpolant.values()) {
            String name = "LFM_INTERPOLANT_" + interpolant.name();
            assertEquals(
                    defines.get(name),
                    interpolant.code(),
                    name + " in " + HEADER + " vs Interpolant." + interpolant + ".code()");
        }
        assertEquals(
                names("LFM_ACT_", Activation.Kind.values()),
                prefixed(defines, "LFM_ACT_"),
                HEADER + "'s activation codes vs Activation.Kind");
        assertEquals(
                names("LFM_INTERPOLANT_", Interpolant.values()),
                prefixed(defines, "LFM_INTERPOLANT_"),
                HEADER + "'s interpolant codes vs Interpolant");
    }

    @Test
    void everyStatusIsDecodedByName() throws IOException {
        defines().forEach((name, value) -> {
            if (name.startsWith("LFM_STATUS_") && !name.equals("LFM_STATUS_FIRST")) {
                assertTrue(
                        CudaRuntime.decode(value).startsWith("(" + name + ")"),
                        HEADER + ": " + name + " = " + value + " but CudaRuntime.decode says '"
                                + CudaRuntime.decode(value) + "'");
            }
        });
    }

    @Test
    void theBackendReadsTheGeneratedConstants() {
        assertEquals(LfmKernelConstants.LFM_REDUCTION_SCRATCH, CudaOperands.REDUCTION_SCRATCH);
        assertEquals(LfmKernelConstants.LFM_ABI_VERSION, CudaRuntime.ABI_VERSION);
        for (Activation.Kind kind : Activation.Kind.values()) {
            assertEquals(kind.code(), CudaOperands.code(kind), "the code CudaBackend passes for " + kind);
        }
    }

    @Test
    void theLaunchersAcceptEveryActivationAndNoMore() throws IOException {
        String last = "LFM_ACT_" + Activation.Kind.values()[Activation.Kind.values().length - 1].name();
        Path source = Path.of("native/src/activation.cu");
        Matcher bound = Pattern.compile("kind > (LFM_ACT_\\w+)").matcher(Files.readString(source));
        int checks = 0;
        while (bound.find()) {
            assertEquals(
                    last, bound.group(1), source + ": the range check of the activation code must name the last kind");
            checks++;
        }
        assertTrue(checks > 0, source + " has no range check of the activation code");
    }

    @Test
    void theParserReadsTheHeader() throws IOException {
        Map<String, Integer> defines = defines();
        assertEquals(
                Arrays.stream(Activation.Kind.values())
                        .map(kind -> "LFM_ACT_" + kind.name())
                        .collect(Collectors.toSet()),
                prefixed(defines, "LFM_ACT_"));
        assertTrue(defines.containsKey("LFM_ABI_VERSION"), "defines read: " + defines);
    }

    /** The integer #defines of the header, in order (the include guard has no value and is not one). */
    private static Map<String, Integer> defines() throws IOException {
        Map<String, Integer> defines = new LinkedHashMap<>();
        Matcher define = DEFINE.matcher(Files.readString(HEADER));
        while (define.find()) {
            defines.put(define.group(1), Integer.parseInt(define.group(2)));
        }
        return defines;
    }

    private static Set<String> prefixed(Map<String, Integer> defines, String prefix) {
        return defines.keySet().stream().filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static Set<String> names(String prefix, Enum<?>... values) {
        return Arrays.stream(values).map(value -> prefix + value.name()).collect(Collectors.toSet());
    }
}
