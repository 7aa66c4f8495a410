/**
 * The CPU backend: Vector API kernels (plain loops to {@code species.loopBound(n)} and a scalar tail;
 * {@code -Dlfm.cpu.scalar=true} forces the scalar twins) on a fixed pool of worker threads. One class per
 * kernel family (packed SGEMM and thin GEMM, fused bias + activation, elementwise, reductions, columns,
 * random fills, flow targets, Adam). Float32, row-major (rows, cols); reductions add fixed chunks in a fixed
 * order so results do not depend on the thread count. Same layer as {@code lfm.backend}.
 */
package lfm.backend.cpu;
