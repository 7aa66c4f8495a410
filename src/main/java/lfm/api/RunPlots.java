package lfm.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lfm.config.RunConfig;
import lfm.config.UNetSpec;
import lfm.data.DataMatrix;
import lfm.nn.ImageShape;
import lfm.plot.ImageGrids;
import lfm.plot.LossCurve;
import lfm.plot.Plots;

/**
 * The pictures of a finished run, written into its folder (atomically, by lfm.plot):
 * <ul>
 *   <li>samples.png: held-out data beside samples generated with the run's sample solver;</li>
 *   <li>blocks.png: the training pool before block 1 and after each block (data → noise);</li>
 *   <li>loss.png: the loss curve of every block, from loss.csv.</li>
 * </ul>
 * For D > 2 the panels show the first two coordinates (the plots say so). A UNet run on images draws
 * images instead ({@link ImageGrids}): 8×8 real test images beside 8×8 generated ones, and eight pool
 * images followed through the blocks.
 */
final class RunPlots {
    /** Points per panel of samples.png: enough for a smooth 2D histogram, quick to generate. */
    static final int SAMPLE_POINTS = 20_000;

    private RunPlots() {}

    /**
     * On a model shared by ranks every rank takes part in the sampling and rank 0 alone writes.
     *
     * @param shown      data points in data coordinates
     * @param conditions the shown points' conditions (data units) for a conditional run, else null: the
     *                   samples are drawn with them, so both panels show the same mixture of conditions
     * @param snapshots  p_0..p_N in model coordinates
     */
    static void write(Model model, DataMatrix shown, DataMatrix conditions, List<DataMatrix> snapshots, long seed)
            throws IOException {
        Path folder = model.folder();
        String name = folder.getFileName().toString();
        ImageShape image = imageShape(model.config());
        if (image != null) {
            writeImages(model, image, shown, conditions, snapshots, seed);
            return;
        }
        Samples samples = conditions == null
                ? model.sample(shown.rows(), null, Model.DEFAULT_FIXED_STEPS, Model.DEFAULT_CHUNK_ROWS, seed)
                : model.sample(conditions, null, null, Model.DEFAULT_FIXED_STEPS, Model.DEFAULT_CHUNK_ROWS, seed);
        if (model.collective().rank() != 0) {
            return;
        }
        Plots.dataVersusSamples(
                folder.resolve("samples.png"),
                shown,
                samples.points(),
                name + ": data vs samples (" + samples.method() + ")");
        if (snapshots.size() > 1) {
            Plots.blockSnapshots(
                    folder.resolve("blocks.png"),
                    snapshots.get(0),
                    snapshots.subList(1, snapshots.size()),
                    name + ": the training pool after each block (data → noise)");
        }
        List<LossCurve> curves = lossCurves(folder.resolve("loss.csv"));
        if (!curves.isEmpty()) {
            Plots.lossCurves(folder.resolve("loss.png"), curves, name + ": training loss per block");
        }
    }

    /** Images per side of the grids of samples.png, and rows of blocks.png. */
    static final int GRID_COLUMNS = 8;

    /** The image shape of a UNet run, or null for a run on vectors. */
    static ImageShape imageShape(RunConfig config) {
        return config.spec().model() instanceof UNetSpec unet ? unet.image() : null;
    }

    /** How many data points the plots show: an 8×8 grid of images, or {@link #SAMPLE_POINTS} points. */
    static int shownPoints(RunConfig config) {
        return imageShape(config) != null ? GRID_COLUMNS * GRID_COLUMNS : SAMPLE_POINTS;
    }

    /**
     * samples.png (real grid beside generated grid), blocks.png (rows of images through the blocks), loss.png.
     * A class-conditional run generates image i with the class of real image i, so the grids match cell by cell.
     */
    private static void writeImages(
            Model model,
            ImageShape image,
            DataMatrix shown,
            DataMatrix conditions,
            List<DataMatrix> snapshots,
            long seed)
            throws IOException {
        Path folder = model.folder();
        String name = folder.getFileName().toString();
        Samples samples = conditions == null
                ? model.sample(
                        GRID_COLUMNS * GRID_COLUMNS, null, Model.DEFAULT_FIXED_STEPS, Model.DEFAULT_CHUNK_ROWS, seed)
                : model.sample(conditions, null, null, Model.DEFAULT_FIXED_STEPS, Model.DEFAULT_CHUNK_ROWS, seed);
        if (model.collective().rank() != 0) {
            return;
        }
        ImageGrids.realVersusGenerated(
                folder.resolve("samples.png"),
                shown,
                samples.points(),
                image,
                GRID_COLUMNS,
                name + " (" + samples.method() + ")");
        if (snapshots.size() > 1) {
            ImageGrids.blockRows(folder.resolve("blocks.png"), snapshots, image, GRID_COLUMNS, name);
        }
        List<LossCurve> curves = lossCurves(folder.resolve("loss.csv"));
        if (!curves.isEmpty()) {
            Plots.lossCurves(folder.resolve("loss.png"), curves, name + ": training loss per block");
        }
    }

    /** One curve per block from loss.csv ("block,step,loss,learning_rate,seconds"). */
    static List<LossCurve> lossCurves(Path lossCsv) throws IOException {
        Map<Integer, List<Long>> steps = new TreeMap<>();
        Map<Integer, List<Double>> losses = new TreeMap<>();
        List<String> lines = Files.readAllLines(lossCsv);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length < 3) {
                continue;
            }
            int block = Integer.parseInt(cells[0]);
            steps.computeIfAbsent(block, b -> new ArrayList<>()).add(Long.parseLong(cells[1]));
            losses.computeIfAbsent(block, b -> new ArrayList<>()).add(Double.parseDouble(cells[2]));
        }
        List<LossCurve> curves = new ArrayList<>();
        steps.forEach((block, s) -> curves.add(LossCurve.of("block " + block, s, losses.get(block))));
        return curves;
    }
}
