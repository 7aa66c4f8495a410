/**
 * Optimisation: Adam and AdamW (one fused backend update per parameter tensor, moments in the optimiser's
 * arena), learning-rate schedules (step decay restarting with each block, warm-up), global-norm gradient
 * clipping and an exponential moving average of the weights. Tensors keep their parameter's shape. Model
 * layer (docs/architecture.md).
 */
package lfm.optim;
