package lfm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.backend.Backend;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.data.Datasets;
import lfm.io.HostTensor;
import lfm.report.ReportPage;
import lfm.report.RunOverview;
import lfm.report.RunStatus;
import lfm.report.SampleFigure;
import lfm.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm report --run DIR [--run DIR2 ...]}: one self-contained report.html (no network access:
 * CSS, script, data and figures inline) with the configuration, loss curves per block, per-block
 * diagnostics, samples vs data, eval metrics with their floors, timings and the machine of each run;
 * with several runs, overlaid curves and a comparison table (and the spread across seeds).
 * The sample figures need the trained blocks and the data set: they are generated here
 * ({@code --points} per run) with the run's sampling solver unless {@code --solver} says otherwise.
 */
@Command(name = "report", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = "Write one self-contained HTML report of one or several runs.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "a run folder (repeat for several runs)")
    List<Path> runs;

    @Option(names = "--out", description = "the HTML file (default: DIR/report.html for one run, report.html in the runs' common folder for several)")
    Path out;

    @Option(names = "--title", description = "page title (default: the run names)")
    String title;

    @Option(names = "--points", defaultValue = "6000", description = "generated and held-out points per sample figure; 0 = no figures (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--solver", description = "sampling solver for the figures (default: each run's sample solver)")
    String solver;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the generated noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (points < 0) {
            throw new ParameterException(spec.commandLine(), "--points must be ≥ 0, got " + points);
        }
        List<RunOverview> overviews = new ArrayList<>();
        for (Path run : runs) {
            if (!RunOverview.isRun(run)) {
                throw new java.nio.file.NoSuchFileException(run + " (not a run folder: no config.json)");
            }
            overviews.add(RunOverview.read(run));
        }
        List<ObjectNode> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (points > 0) {
            try (Backend backend = backendOptions.open()) {
                for (RunOverview run : overviews) {
                    figure(run, backend, figures, notes);
                }
            }
        } else {
            overviews.forEach(run -> {
                figures.add(null);
                notes.add("no figure (--points 0)");
            });
        }
        Path file = out != null ? out : defaultFile();
        String pageTitle = title != null ? title : "lfm report: " + String.join(" vs ", overviews.stream().map(RunOverview::name).toList());
        ReportPage.write(file, pageTitle, overviews, figures, notes);
        System.out.println("report written to " + file);
        return 0;
    }

    /** Adds the run's figure (or null and a note saying why there is none). */
    private void figure(RunOverview run, Backend backend, List<ObjectNode> figures, List<String> notes) {
        SampleFigure figure = SampleFigure.forRun(run);
        if (figure == null || run.status() != RunStatus.COMPLETE) {
            figures.add(null);
            notes.add(figure == null ? "no figure for runs of dimension " + run.dimension()
                    : "no figure: the run has " + run.blockFiles() + " of " + run.blocks() + " trained blocks");
            return;
        }
        long start = System.nanoTime();
        RunFolder folder = new RunFolder(run.folder());
        try (Model model = Model.load(run.folder(), backend)) {
            RunConfig config = model.config();
            DataMatrix data = Datasets.open(config.spec().data().source()).test(points, config.spec().run().seed());
            Samples generated = model.sample(points, solver, Model.DEFAULT_FIXED_STEPS, config.spec().run().chunkRows(), seed);
            figures.add(figure.build(new SampleFigure.Inputs(run, data, generated.points(), generated.method(), snapshots(folder))));
            notes.add(null);
            System.err.printf("%s: %d samples for the figure (%s, %.1f s)%n", run.name(), points, generated.method(),
                    (System.nanoTime() - start) / 1e9);
        } catch (IOException | RuntimeException failed) {
            figures.add(null);
            notes.add("no figure: " + ErrorMessages.describe(failed));
        }
    }

    /** The pool snapshots p0..pN the trainer kept (model coordinates), or an empty list. */
    private static List<DataMatrix> snapshots(RunFolder folder) throws IOException {
        Path file = folder.state("snapshots.safetensors");
        List<DataMatrix> list = new ArrayList<>();
        if (!Files.exists(file)) {
            return list;
        }
        var tensors = folder.readTensors(file).tensors();
        for (int n = 0; tensors.containsKey("p" + n); n++) {
            HostTensor tensor = tensors.get("p" + n);
            list.add(new DataMatrix(tensor.shape()[0], tensor.shape()[1], tensor.values()));
        }
        return list;
    }

    private Path defaultFile() {
        if (runs.size() == 1) {
            return runs.get(0).resolve("report.html");
        }
        Path common = runs.get(0).toAbsolutePath().normalize().getParent();
        for (Path run : runs) {
            while (common != null && !run.toAbsolutePath().normalize().startsWith(common)) {
                common = common.getParent();
            }
        }
        return (common != null ? common : Path.of("")).resolve("report.html");
    }
}
