package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;

import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The reference backend's transfers, copies, fills and elementwise arithmetic: one loop over the
 * elements each, in double.
 */
final class ElementwiseLoops {
    private ElementwiseLoops() {}

    static float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) get(tensor, i);
        }
        return values;
    }

    static double[] toHostDoubles(Tensor tensor) {
        double[] values = new double[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(tensor, i);
        }
        return values;
    }

    static void fromHost(float[] values, Tensor destination) {
        checkLength(values.length, destination);
        for (int i = 0; i < values.length; i++) {
            set(destination, i, values[i]);
        }
    }

    static void fromHost(double[] values, Tensor destination) {
        checkLength(values.length, destination);
        for (int i = 0; i < values.length; i++) {
            set(destination, i, values[i]);
        }
    }

    private static void checkLength(int length, Tensor destination) {
        if (length != destination.size()) {
            throw new IllegalArgumentException("fromHost: " + length + " values into " + destination.shape());
        }
    }

    static void copy(Tensor source, Tensor destination) {
        Checks.sameSize("copy", source, destination);
        for (long i = 0; i < source.size(); i++) {
            set(destination, i, get(source, i));
        }
    }

    static void fill(Tensor destination, float value) {
        for (long i = 0; i < destination.size(); i++) {
            set(destination, i, value);
        }
    }

    static void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, get(a, i) + get(b, i));
        }
    }

    static void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, get(a, i) * get(b, i));
        }
    }

    static void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, s * get(a, i));
        }
    }

    static void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        double value = factor * get(scalar, 0);
        for (long i = 0; i < out.size(); i++) {
            set(out, i, get(out, i) + value);
        }
    }

    static void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        for (long i = 0; i < x.size(); i++) {
            set(y, i, get(y, i) + alpha * get(x, i));
        }
    }

    static void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException(
                    "combine: " + coefficients.length + " coefficients for " + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
        }
        for (long i = 0; i < out.size(); i++) {
            double value = base == null ? 0 : get(base, i);
            for (int k = 0; k < terms.length; k++) {
                value += coefficients[k] * get(terms[k], i);
            }
            set(out, i, value);
        }
    }
}
