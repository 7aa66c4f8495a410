package lfm.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.backend.Backend;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.data.Datasets;
import lfm.io.HostTensor;
import lfm.run.Checkpoints;
import lfm.run.RunFolder;
import lfm.run.WritePoints;

/**
 * The sample figures of a report. A run folder keeps no samples, so each complete run whose data a
 * {@link SampleFigure} can show is loaded and sampled here ({@code points} generated points, as many
 * held-out points of its data); a run without a figure gets a note saying why.
 *
 * @param figures one per run, null where there is none
 * @param notes   one per run, null where there is a figure
 */
public record ReportFigures(List<ObjectNode> figures, List<String> notes) {

    /**
     * Draws the figures of {@code runs} on one backend made by {@code backends} (none when {@code points}
     * is 0), with {@code solver} (null = each run's sample solver) and noise from {@code seed}; one line per
     * figure goes to {@code log}.
     */
    public static ReportFigures draw(
            List<RunOverview> runs,
            int points,
            String solver,
            long seed,
            Supplier<? extends Backend> backends,
            Consumer<String> log) {
        List<ObjectNode> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (points == 0) {
            runs.forEach(run -> {
                figures.add(null);
                notes.add("no figure (--points 0)");
            });
            return new ReportFigures(figures, notes);
        }
        try (Backend backend = backends.get()) {
            for (RunOverview run : runs) {
                ObjectNode figure = null;
                String note;
                try {
                    note = cannotDraw(run);
                    if (note == null) {
                        figure = figure(run, backend, points, solver, seed, log);
                    }
                } catch (IOException | RuntimeException failed) {
                    note = "no figure: " + message(failed);
                }
                figures.add(figure);
                notes.add(note);
            }
        }
        return new ReportFigures(figures, notes);
    }

    /** Why the run has no figure, or null when it can have one. */
    private static String cannotDraw(RunOverview run) {
        if (SampleFigure.forRun(run) == null) {
            return "no figure for runs of dimension " + run.dimension();
        }
        return run.status() == RunStatus.COMPLETE
                ? null
                : "no figure: the run has " + run.blockFiles() + " of " + run.blocks() + " trained blocks";
    }

    private static ObjectNode figure(
            RunOverview run, Backend backend, int points, String solver, long seed, Consumer<String> log)
            throws IOException {
        long start = System.nanoTime();
        try (Model model = Model.load(run.folder(), backend)) {
            RunConfig config = model.config();
            DataMatrix data = Datasets.open(config.spec().data().source())
                    .test(points, config.spec().run().seed());
            Samples generated = model.sample(
                    points,
                    solver,
                    Model.DEFAULT_FIXED_STEPS,
                    config.spec().run().chunkRows(),
                    seed);
            ObjectNode figure = SampleFigure.forRun(run)
                    .build(new SampleFigure.Inputs(
                            run, data, generated.points(), generated.method(), snapshots(new RunFolder(run.folder()))));
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: %d samples for the figure (%s, %.1f s)",
                    run.name(),
                    points,
                    generated.method(),
                    (System.nanoTime() - start) / 1e9));
            return figure;
        }
    }

    /** The pool snapshots p0..pN the trainer kept (model coordinates), or an empty list. */
    private static List<DataMatrix> snapshots(RunFolder folder) throws IOException {
        List<DataMatrix> list = new ArrayList<>();
        var committed = new Checkpoints(folder, WritePoints.NONE).committedFile(Checkpoints.SNAPSHOTS);
        if (committed.isEmpty()) {
            return list;
        }
        var tensors = committed.get().tensors();
        for (int n = 0; tensors.containsKey("p" + n); n++) {
            HostTensor tensor = tensors.get("p" + n);
            list.add(new DataMatrix(tensor.shape()[0], tensor.shape()[1], tensor.values()));
        }
        return list;
    }

    private static String message(Throwable failed) {
        Throwable cause = failed;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }
}
