/**
 * Image data sets: the readers of MNIST/Fashion-MNIST IDX files, CIFAR-10's binary batches, scikit-learn's
 * digits CSV and uint8 NPY arrays ({@link lfm.data.image.ImageSources}, the image forms of {@code --data}),
 * each with fixed training and test splits ({@link lfm.data.image.ImageDataset}). Images are kept as bytes
 * in an {@link lfm.data.image.ImageSet}, count × H × W × C in NHWC order with one label each where the data
 * have them; as points they are rows x (N, D = H·W·C) scaled to [−1, 1], and dequantised for likelihoods
 * ({@link lfm.data.image.ImageScaling}: bits/dim). Model layer, as {@code lfm.data} (docs/architecture.md).
 */
package lfm.data.image;
