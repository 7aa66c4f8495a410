package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.backend.reference.ReferenceBackend;
import lfm.tensor.DType;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

class CpuBackendPropertiesTest {

    @Test
    void describesItsKernelsAndThreads() {
        try (CpuBackend vector = new CpuBackend(2, false);
                CpuBackend scalar = new CpuBackend(1, true)) {
            assertEquals("cpu", vector.name());
            assertTrue(
                    vector.description().matches("cpu \\(Vector API, \\d+ floats per vector, 2 threads\\)"),
                    vector.description());
            assertEquals("cpu (scalar kernels, 1 thread)", scalar.description());
            assertFalse(scalar.vectorized());
        }
    }

    @Test
    void zeroThreadsMeansOnePerCore() {
        try (CpuBackend backend = new CpuBackend(0, false)) {
            assertEquals(Runtime.getRuntime().availableProcessors(), backend.threads());
        }
    }

    @Test
    void theScalarPropertyFeedsTheFlag() {
        String old = System.getProperty(CpuBackend.SCALAR_PROPERTY);
        System.setProperty(CpuBackend.SCALAR_PROPERTY, "true");
        try (CpuBackend backend = new CpuBackend(1)) {
            assertFalse(backend.vectorized());
        } finally {
            if (old == null) {
                System.clearProperty(CpuBackend.SCALAR_PROPERTY);
            } else {
                System.setProperty(CpuBackend.SCALAR_PROPERTY, old);
            }
        }
    }

    @Test
    void rejectsForeignAndDoubleTensors() {
        try (CpuBackend cpu = new CpuBackend(1);
                ReferenceBackend reference = new ReferenceBackend();
                TensorArena cpuArena = cpu.newArena("a");
                TensorArena referenceArena = reference.newArena("b")) {
            Tensor mine = cpuArena.allocate(Shape.matrix(2, 2));
            Tensor foreign = referenceArena.allocate(Shape.matrix(2, 2));
            Tensor doubles = cpuArena.allocate(Shape.matrix(2, 2), DType.F64);
            assertThrows(IllegalArgumentException.class, () -> cpu.add(mine, foreign, mine));
            assertThrows(IllegalArgumentException.class, () -> cpu.add(mine, doubles, mine));
        }
    }

    @Test
    void checksShapes() {
        try (CpuBackend cpu = new CpuBackend(1);
                TensorArena arena = cpu.newArena("a")) {
            Tensor a = arena.allocate(Shape.matrix(2, 3));
            Tensor c = arena.allocate(Shape.matrix(2, 2));
            assertThrows(IllegalArgumentException.class, () -> cpu.matmul(a, false, a, false, c, 1f, 0f));
            assertThrows(
                    IllegalArgumentException.class, () -> cpu.biasActivation(a, null, lfm.backend.Activation.RELU, a));
        }
    }
}
