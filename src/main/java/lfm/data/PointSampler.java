package lfm.data;

/**
 * One point of a 2D distribution as a pure function of four uniforms in (0, 1) and four standard
 * normals. {@link SamplerDataset} feeds it Philox draws keyed by (seed, point index), which makes every
 * point reproducible and independent of thread count.
 */
@FunctionalInterface
public interface PointSampler {

    /**
     * Draws one point from the given random values.
     *
     * @param uniforms four independent U(0, 1) values
     * @param normals  four independent N(0, 1) values
     * @param point    receives the point's coordinates (length = the sampler's dimension)
     */
    void sample(float[] uniforms, float[] normals, float[] point);
}
