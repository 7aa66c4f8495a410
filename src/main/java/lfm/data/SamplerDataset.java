package lfm.data;

import java.util.stream.IntStream;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * An unlimited data set defined by a {@link PointSampler}. Point i of a draw with seed s uses Philox
 * block i of the keys (s', stream 0) for its uniforms and (s', stream 1) for its normals, where
 * s' = mix(seed, 1) for training draws and mix(seed, 2) for test draws: train and test never share
 * numbers, and a draw of k points is the prefix of any larger draw with the same seed.
 */
public final class SamplerDataset implements Dataset {
    private static final long TRAIN_LABEL = 1;
    private static final long TEST_LABEL = 2;
    private static final int PARALLEL_CHUNK = 16_384;

    private final String name;
    private final int dimension;
    private final PointSampler sampler;

    public SamplerDataset(String name, int dimension, PointSampler sampler) {
        this.name = name;
        this.dimension = dimension;
        this.sampler = sampler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public DataMatrix train(int n, long seed) {
        return draw(n, Distributions.mix(seed, TRAIN_LABEL));
    }

    @Override
    public DataMatrix test(int n, long seed) {
        return draw(n, Distributions.mix(seed, TEST_LABEL));
    }

    @Override
    public boolean standardize() {
        return false;
    }

    @Override
    public Units units() {
        return Units.ORIGINAL;
    }

    /** n ≥ 1 points from the draw seed {@code drawSeed} (the raw form behind train and test). */
    public DataMatrix draw(int n, long drawSeed) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " is an unlimited sampler: ask for at least 1 point, not " + n);
        }
        float[] values = new float[Math.multiplyExact(n, dimension)];
        RandomKey uniformKey = new RandomKey(drawSeed, 0);
        RandomKey normalKey = new RandomKey(drawSeed, 1);
        int chunks = (n + PARALLEL_CHUNK - 1) / PARALLEL_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            int[] scratch = new int[4];
            float[] uniforms = new float[4];
            float[] normals = new float[4];
            float[] point = new float[dimension];
            int end = Math.min(n, (chunk + 1) * PARALLEL_CHUNK);
            for (int i = chunk * PARALLEL_CHUNK; i < end; i++) {
                Distributions.uniformBlock(uniformKey, i, scratch, uniforms);
                Distributions.normalBlock(normalKey, i, scratch, normals);
                sampler.sample(uniforms, normals, point);
                System.arraycopy(point, 0, values, i * dimension, dimension);
            }
        });
        return new DataMatrix(n, dimension, values);
    }

    @Override
    public String toString() {
        return "SamplerDataset[" + name + "]";
    }
}
