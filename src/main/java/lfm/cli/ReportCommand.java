package lfm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lfm.report.ReportFigures;
import lfm.report.ReportPage;
import lfm.report.RunOverview;
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
 * The sample figures need the trained blocks and the data set: {@link ReportFigures} generates them
 * ({@code --points} per run) with the run's sampling solver unless {@code --solver} says otherwise.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Write one self-contained HTML report of one or several runs.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "a run folder (repeat for several runs)")
    List<Path> runs;

    @Option(
            names = "--out",
            description =
                    "the HTML file (default: DIR/report.html for one run, report.html in the runs' common folder for several)")
    Path out;

    @Option(names = "--title", description = "page title (default: the run names)")
    String title;

    @Option(
            names = "--points",
            defaultValue = "6000",
            description = "generated and held-out points per sample figure; 0 = no figures (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--solver", description = "sampling solver for the figures (default: each run's sample solver)")
    String solver;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "seed of the generated noise (default: ${DEFAULT-VALUE})")
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
        ReportFigures figures =
                ReportFigures.draw(overviews, points, solver, seed, backendOptions::open, System.err::println);
        Path file = out != null ? out : defaultFile();
        String pageTitle = title != null
                ? title
                : "lfm report: "
                        + String.join(
                                " vs ",
                                overviews.stream().map(RunOverview::name).toList());
        ReportPage.write(file, pageTitle, overviews, figures.figures(), figures.notes());
        System.out.println("report written to " + file);
        return 0;
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
