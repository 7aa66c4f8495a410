package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * Transfers, copies, fills and elementwise arithmetic of the CPU backend: checks, then
 * {@link ElementwiseKernels}.
 */
final class ElementwiseOps extends CpuOperands {
    private final ElementwiseKernels elementwise;

    ElementwiseOps(Backend backend, ElementwiseKernels elementwise) {
        super(backend);
        this.elementwise = elementwise;
    }

    public float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        MemorySegment.copy(data(tensor), ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        return values;
    }

    public double[] toHostDoubles(Tensor tensor) {
        float[] values = toHost(tensor);
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    public void fromHost(float[] values, Tensor destination) {
        checkLength(values.length, destination);
        MemorySegment.copy(values, 0, data(destination), ValueLayout.JAVA_FLOAT, 0, values.length);
    }

    public void fromHost(double[] values, Tensor destination) {
        checkLength(values.length, destination);
        MemorySegment target = data(destination);
        for (int i = 0; i < values.length; i++) {
            target.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) values[i]);
        }
    }

    private static void checkLength(int length, Tensor destination) {
        if (length != destination.size()) {
            throw new IllegalArgumentException("fromHost: " + length + " values into " + destination.shape());
        }
    }

    public void copy(Tensor source, Tensor destination) {
        Checks.sameSize("copy", source, destination);
        elementwise.copy(data(source), data(destination), source.size());
    }

    public void fill(Tensor destination, float value) {
        elementwise.fill(data(destination), value, destination.size());
    }

    public void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        elementwise.add(data(a), data(b), data(out), a.size());
    }

    public void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        elementwise.multiply(data(a), data(b), data(out), a.size());
    }

    public void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        elementwise.scale(data(a), s, data(out), a.size());
    }

    public void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        elementwise.addConstant((float) (factor * (double) scalarValue(scalar)), data(out), out.size());
    }

    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        elementwise.axpy(alpha, data(x), data(y), x.size());
    }

    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException(
                    "combine: " + coefficients.length + " coefficients for " + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
            data(term);
            if (term == out) {
                throw new IllegalArgumentException("combine: a term may not alias out");
            }
        }
        if (base != null) {
            Checks.sameSize("combine", base, out);
        }
        elementwise.combine(data(out), dataOrNull(base), coefficients, terms, out.size());
    }
}
