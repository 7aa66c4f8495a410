/**
 * Distillation: one-step (or k-step) students that learn a block's (or a group of blocks') reverse map
 * by L2 regression on pairs the teacher ODE produces, stored as one (P, 2D) tensor [input | target], and
 * {@link lfm.distill.DistilledModel}, which samples through the students (N network evaluations for N
 * blocks). Workflow layer (docs/architecture.md).
 */
package lfm.distill;
