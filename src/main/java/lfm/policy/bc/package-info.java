/**
 * Behaviour cloning: an MLP regresses the action chunk (N, H·A) on the observation history (N, h·O) by mean
 * squared error, both standardised; the baseline that averages the modes of multimodal demonstrations.
 * Application layer with {@code lfm.policy} (docs/architecture.md).
 */
package lfm.policy.bc;
