/**
 * The engine's public Java API; the {@code lfm} command line ({@code lfm.cli}) is a thin shell over it.
 * <ul>
 *   <li>{@link lfm.api.Lfm}: entry points (train, resume, load);</li>
 *   <li>{@link lfm.api.Training}: a training run in two steps (plan: validate and resolve; run: train, keeping
 *       train.json and the TensorBoard log);</li>
 *   <li>{@link lfm.api.Model}: a trained model (sample, push/pull, log-density, distil), AutoCloseable;</li>
 *   <li>{@link lfm.api.Evaluator}, {@link lfm.api.HeldOut}, {@link lfm.api.EvalSpec}, {@link lfm.api.Evaluation}:
 *       held-out evaluation, kept in eval.json;</li>
 *   <li>{@link lfm.api.ProgressListener}: progress reports (the API itself never prints or exits).</li>
 * </ul>
 * Training is specified by the records of {@code lfm.config}. Depends on every engine package below it
 * (config, train, run, distill, likelihood, eval, metrics, data, plot, tensorboard, backend); nothing but
 * {@code lfm.cli} and {@code lfm.report} (whose sample figures load the runs) depends on it.
 */
package lfm.api;
