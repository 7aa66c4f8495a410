/**
 * Unlimited 2D samplers: the built-in toy sets ({@link lfm.data.toy.ToyDistributions}, with the
 * procedural curves {@link lfm.data.toy.RoseCurve} and {@link lfm.data.toy.BranchingTree}) and
 * densities drawn from images ({@link lfm.data.toy.ImageDensity}). Each is a
 * {@link lfm.data.PointSampler} that {@link lfm.data.SamplerDataset} feeds with seeded Philox draws.
 * Points are (N, 2) rows. Model layer (docs/architecture.md).
 */
package lfm.data.toy;
