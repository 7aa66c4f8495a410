package lfm.cli;

import java.io.IOException;
import java.nio.file.Path;
import lfm.data.DataMatrix;
import lfm.plot.Plots;

/** {@code lfm sample --png}: a 2D histogram of the generated points (first two coordinates for D > 2). */
final class SamplePlots {
    private SamplePlots() {}

    static void samples(Path png, DataMatrix points, String title) throws IOException {
        Plots.points(png, points, title);
    }
}
