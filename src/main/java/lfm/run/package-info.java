/**
 * A trained run: {@link lfm.run.RunFolder} (the files of one run, all written atomically),
 * {@link lfm.run.FlowModel} (the N velocity fields loaded on a backend, forward data → noise and generation
 * noise → data, in the model's standardised coordinates) and {@link lfm.run.TrainingState} (what
 * {@code --resume} needs). Points are (N, D) rows. Workflow layer (docs/architecture.md).
 */
package lfm.run;
