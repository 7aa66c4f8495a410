package lfm.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import lfm.data.DataMatrix;

/**
 * A figure of a run's generated samples against its data, for the report. The page's script draws the
 * JSON a figure builds with the drawing function named by its "kind" field; {@link #forRun} picks the
 * first figure that accepts a run, so a new kind of data (image runs: grids of generated images) adds
 * an implementation here and a drawing function in report.js, and nothing else changes.
 */
public interface SampleFigure {

    /** The figures known, most specific first. */
    List<SampleFigure> KNOWN = List.of(new PlaneFigure());

    /** What a figure may show: held-out data and generated points (data coordinates), pool snapshots. */
    record Inputs(
            RunOverview run, DataMatrix data, DataMatrix samples, String samplesMethod, List<DataMatrix> snapshots) {}

    /** Whether this figure suits the run (by its dimension, its data, ...). */
    boolean accepts(RunOverview run);

    /** The figure as JSON, with at least {"kind": ...}. */
    ObjectNode build(Inputs inputs);

    /** The first known figure that accepts the run, or null. */
    static SampleFigure forRun(RunOverview run) {
        return KNOWN.stream().filter(figure -> figure.accepts(run)).findFirst().orElse(null);
    }
}
