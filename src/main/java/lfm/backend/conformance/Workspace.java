package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * What a case's program sees: one backend, tensors allocated in an arena of it, inputs that are the
 * same on every backend (the i-th random input of a program is drawn from Philox stream i of a fixed
 * seed), and the outputs the program records for comparison (copied to the host when recorded).
 */
public final class Workspace implements AutoCloseable {
    /** Seed of every conformance input. */
    public static final long SEED = 0x1F_2024_0254L;

    private final Backend backend;
    private final TensorArena arena;
    private final List<String> names = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();
    private long nextStream;

    Workspace(Backend backend) {
        this.backend = backend;
        this.arena = backend.newArena("conformance");
    }

    /** The arena the case's tensors live in (for ops that take a scratch arena). */
    public TensorArena arena() {
        return arena;
    }

    public Backend backend() {
        return backend;
    }

    /** A (rows, cols) tensor with values uniform in [lo, hi), the same on every backend. */
    public Tensor uniform(int rows, int cols, double lo, double hi) {
        RandomKey key = new RandomKey(SEED, nextStream++);
        float[] host = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < host.length; i++) {
            host[i] = (float) (lo + (hi - lo) * Distributions.uniform(key, i));
        }
        return tensor(rows, cols, host);
    }

    /** Uniform in [−1, 1). */
    public Tensor uniform(int rows, int cols) {
        return uniform(rows, cols, -1, 1);
    }

    /** Given values. */
    public Tensor tensor(int rows, int cols, float[] host) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, cols));
        backend.fromHost(host, tensor);
        return tensor;
    }

    /** Every element = value (NaN marks an output whose old contents must not matter). */
    public Tensor filled(int rows, int cols, float value) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, cols));
        backend.fill(tensor, value);
        return tensor;
    }

    /** An output buffer, NaN-filled so that an element the op forgets to write shows up. */
    public Tensor output(int rows, int cols) {
        return filled(rows, cols, Float.NaN);
    }

    /** The next random key (for the random-draw ops), the same on every backend. */
    public RandomKey key() {
        return new RandomKey(SEED + 1, nextStream++);
    }

    /** Records the current values of {@code tensor} as output {@code name}. */
    public void record(String name, Tensor tensor) {
        names.add(name);
        values.add(backend.toHost(tensor));
    }

    /** Records host values as output {@code name} (for the transfer ops). */
    public void record(String name, float[] host) {
        names.add(name);
        values.add(host.clone());
    }

    List<String> names() {
        return names;
    }

    List<float[]> values() {
        return values;
    }

    @Override
    public void close() {
        arena.close();
    }
}
