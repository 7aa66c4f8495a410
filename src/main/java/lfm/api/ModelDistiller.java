package lfm.api;

import java.io.IOException;
import java.util.List;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.distill.DistillConfig;
import lfm.distill.Distillation;
import lfm.distill.PairGenerator;

/**
 * Distillation for {@link Model}: resolves the spec against the run, finds the pool (the one given, the
 * in-memory training set, or the run's data reopened), splits off a conditional run's conditions and
 * trains one-step students per block into the run folder.
 */
final class ModelDistiller {
    private ModelDistiller() {}

    /**
     * @param trainingSet the data the model was just trained on, or null (a model loaded from disk)
     * @param pool        pool rows in data coordinates, or null for the run's own
     */
    static DistillReport distill(
            Model model, Dataset trainingSet, DistillSpec spec, DataMatrix pool, ProgressListener listener)
            throws IOException {
        RunConfig config = model.config();
        DistillConfig resolved = spec.resolve(config);
        PairGenerator.Source source = spec.source();
        // The training set gives the pool when none is passed, and the column names of a conditional one.
        Dataset dataset = trainingSet != null || pool != null
                ? trainingSet
                : Conditions.reopen(config, model.folder(), source == PairGenerator.Source.POOL || model.conditional());
        DataMatrix joint = pool != null
                ? pool
                : dataset == null
                        ? null
                        : dataset.train(
                                config.spec().data().poolSize(),
                                config.spec().run().seed());
        Conditions.Split split = Conditions.split(config, joint, dataset == null ? List.of() : dataset.columnNames());
        DataMatrix modelPool = source == PairGenerator.Source.POOL
                ? model.toModel(split.points())
                : DataMatrix.zeros(0, model.dimension());
        model.sampler().closeStudents();
        List<Distillation.StudentReport> reports = Distillation.run(
                model.flow(),
                model.runFolder(),
                resolved,
                modelPool,
                split.conditions(),
                source,
                spec.chunkRows(),
                listener);
        return new DistillReport(resolved, reports);
    }
}
