package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lfm.backend.Activation;
import lfm.flow.Interpolant;
import org.junit.jupiter.api.Test;

/**
 * native/lfm_kernels.h is the one source of the native contract's constants; the Java side must agree with
 * every #define in it: the ABI version, the status codes and their names, the scratch and term limits, and
 * the activation and interpolant codes ({@link CudaOperands#code} of {@link Activation.Kind} and {@link Interpolant}).
 * A #define that no check here covers fails too, so a new constant is matched on the Java side when added.
 */
class NativeContractTest {
    private static final Path HEADER = Path.of("native/lfm_kernels.h");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(LFM_\\w+)\\s+(-?\\d+)\\b", Pattern.MULTILINE);

    @Test
    void everyHeaderConstantHasItsJavaTwin() throws Exception {
        Map<String, Integer> defines = defines();
        Map<String, Integer> java = new TreeMap<>();
        java.put("LFM_ABI_VERSION", CudaRuntime.ABI_VERSION);
        java.put("LFM_STATUS_FIRST", privateInt(CudaRuntime.class, "LFM_STATUS_FIRST"));
        java.put("LFM_REDUCTION_SCRATCH", privateInt(CudaOperands.class, "REDUCTION_SCRATCH"));
        java.put("LFM_COMBINE_MAX_TERMS", privateInt(ElementwiseOps.class, "MAX_TERMS"));
        for (Activation.Kind kind : Activation.Kind.values()) {
            java.put("LFM_ACT_" + kind.name(), CudaOperands.code(kind));
        }
        for (Interpolant interpolant : Interpolant.values()) {
            java.put("LFM_INTERPOLANT_" + interpolant.name(), CudaOperands.code(interpolant));
        }
        defines.forEach((name, value) -> {
            if (name.startsWith("LFM_STATUS_") && !name.equals("LFM_STATUS_FIRST")) {
                assertTrue(CudaRuntime.decode(value).startsWith("(" + name + ")"), HEADER + ": " + name + " = " + value
                        + " but CudaRuntime.decode says '" + CudaRuntime.decode(value) + "'");
                java.put(name, value);
            }
        });
        Set<String> onlyInHeader = new TreeSet<>(defines.keySet());
        onlyInHeader.removeAll(java.keySet());
        Set<String> onlyInJava = new TreeSet<>(java.keySet());
        onlyInJava.removeAll(defines.keySet());
        assertEquals(Set.of(), onlyInHeader, HEADER + " defines constants the Java side does not have (add them to "
                + "the Java side and to this test)");
        assertEquals(Set.of(), onlyInJava, "the Java side has codes " + HEADER + " does not define");
        for (String name : java.keySet()) {
            assertEquals(defines.get(name), java.get(name), name + " in " + HEADER + " vs the Java side");
        }
    }

    @Test
    void theLaunchersAcceptEveryActivationAndNoMore() throws IOException {
        String last = "LFM_ACT_" + Activation.Kind.values()[Activation.Kind.values().length - 1].name();
        Path source = Path.of("native/src/activation.cu");
        Matcher bound = Pattern.compile("kind > (LFM_ACT_\\w+)").matcher(Files.readString(source));
        int checks = 0;
        while (bound.find()) {
            assertEquals(last, bound.group(1), source + ": the range check of the activation code must name the last kind");
            checks++;
        }
        assertTrue(checks > 0, source + " has no range check of the activation code");
    }

    @Test
    void theParserReadsTheHeader() throws IOException {
        Map<String, Integer> defines = defines();
        assertEquals(Arrays.stream(Activation.Kind.values()).map(kind -> "LFM_ACT_" + kind.name()).collect(Collectors.toSet()),
                defines.keySet().stream().filter(name -> name.startsWith("LFM_ACT_")).collect(Collectors.toSet()));
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

    private static int privateInt(Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field.getInt(null);
    }
}
