/**
 * The benchmark workloads behind {@code lfm bench} (W1 training step, W2 ODE push, W3 exact NLL, G
 * matrix products), with the same shapes as the PyTorch references so both are timed on the same work,
 * reported as seconds, GFLOP/s and the share of the machine's measured GEMM rate. Timing lives here and in
 * {@code benchmarks/}, never in tests. Workflow layer (docs/architecture.md).
 */
package lfm.bench;
