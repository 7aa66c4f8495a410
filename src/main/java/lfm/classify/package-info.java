/**
 * The image classifier whose features the image metrics (FD_cls, KID) are measured in, in place of
 * Inception-v3: {@link lfm.classify.ImageClassifier}, a small CNN on x (N, H·W·C) in NHWC order giving
 * features (N, 64) and logits (N, K), built from the engine's own ops; {@link lfm.classify.Classifier}
 * trains it (Adam on softmax cross-entropy), extracts features and predicts in chunks, and keeps it in one
 * safetensors file with its image shape, classes and test accuracy ({@code lfm classifier train}). Model
 * layer (docs/architecture.md).
 */
package lfm.classify;
