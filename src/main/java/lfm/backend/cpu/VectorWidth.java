package lfm.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float vector width of the CPU kernels: the hardware's preferred one, or a narrower one asked for
 * with {@code -Dlfm.cpu.vectorBits=256} (or 128). On an AVX-512 machine, 256 runs the 8-float (AVX2)
 * kernels and register tiles, so both paths can be measured on one machine. Kept apart from
 * {@link Simd} so that a bad value is reported by {@link CpuBackend}'s constructor as one clear error
 * instead of failing the initialisation of the class every kernel uses.
 */
final class VectorWidth {
    static final String PROPERTY = "lfm.cpu.vectorBits";

    private VectorWidth() {}

    /** The preferred species, or the one of {@code bits} (128, 256, 512) when given and supported. */
    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        VectorSpecies<Float> asked = switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + bits + ": expected 128, 256 or 512");
        };
        if (asked.vectorBitSize() > preferred.vectorBitSize()) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + bits + ": this machine's widest float vector"
                    + " is " + preferred.vectorBitSize() + " bits");
        }
        return asked;
    }
}
