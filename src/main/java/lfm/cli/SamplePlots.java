package lfm.cli;

import java.nio.file.Path;
import lfm.data.DataMatrix;

/** Plot hooks of the CLI (interim: no plotting until the plot package lands). */
final class SamplePlots {
    private SamplePlots() {
    }

    static void samples(Path png, DataMatrix points, String title) {
        System.err.println("plotting is not available in this build; skipped " + png);
    }
}
