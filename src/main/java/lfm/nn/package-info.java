/**
 * Networks: {@link lfm.nn.Module} (anything with named {@link lfm.nn.Parameter}s), {@link lfm.nn.Linear},
 * {@link lfm.nn.Mlp}, and the {@link lfm.nn.VelocityField} contract of one flow block, v(x, t) with
 * x (N, D), t (N, 1) → v (N, D); {@link lfm.nn.MlpField} is the MLP on [time input | x]. Weights of a
 * Linear are (out, in) like PyTorch's, biases (1, out); parameter names follow the authors' PyTorch model
 * ("net.0.weight", ...). Model layer (docs/architecture.md).
 */
package lfm.nn;
