/**
 * Chunked control policies learnt from demonstrations (docs/policy.md): demonstrations as .npz
 * ({@code observations} (T, O), {@code actions} (T, A), {@code episode_ends} (E,)), training windows
 * (condition (N, h·O): the last h observations, oldest first; chunk (N, H·A): the next H actions),
 * {@link lfm.policy.FlowPolicy} (a conditional flow run sampled through {@code lfm.api}), rollouts with a
 * receding horizon and the line protocol of {@code lfm policy serve}. Application layer
 * (docs/architecture.md): it drives trained models through the API.
 */
package lfm.policy;
