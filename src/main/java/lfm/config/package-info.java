/**
 * The training spec and the run configuration: {@link lfm.config.TrainSpec} groups validated records by
 * concern ({@link lfm.config.ModelSpec} (sealed: {@link lfm.config.MlpSpec}), {@link lfm.config.FlowSpec},
 * {@link lfm.config.OptimizationSpec}, {@link lfm.config.DataSpec}, {@link lfm.config.RunSpec}), each
 * with {@code defaults()} and {@code with…} methods; {@link lfm.config.RunConfig} is what a run's
 * config.json holds, and {@link lfm.config.RunConfigFile} reads (migrating older formats) and writes it.
 * May depend on nn, flow, optim, data (Standardization), backend (Activation) and Jackson; never on train,
 * run, api or cli.
 */
package lfm.config;
