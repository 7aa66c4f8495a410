package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.config.UNetSpec;
import lfm.data.DataMatrix;
import lfm.data.format.CsvWriter;
import lfm.data.format.NpyImages;
import lfm.data.format.NpyWriter;
import lfm.data.format.TableFormat;
import lfm.data.image.ImageScaling;
import lfm.dist.Shard;
import lfm.nn.ImageShape;
import lfm.plot.ImageGrids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm sample}: draws points from a trained run (z ~ N(0, I), blocks N..1 backwards). Under
 * {@code --distributed} the ranks share the generation and rank 0 writes the file; {@code --shard r/P}
 * writes part r of a generation split into separate jobs ({@code lfm merge} joins the parts).
 */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Generate samples from a trained run and write them as CSV or NPY.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DistributedOptions distributedOptions;

    @Option(names = "--run", required = true, description = "the run folder")
    Path run;

    @Option(names = "--n", defaultValue = "10000", description = "number of samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(
            names = "--out",
            required = true,
            description = "output file (.csv or .npy), or a folder for --format png-dir")
    Path out;

    @Option(
            names = "--format",
            description = "csv | npy | png | png-dir (default: from --out's extension). For a UNet "
                    + "run on images: npy writes uint8 images (N, H, W[, C]) with v = round((x + 1)·127.5), png one grid of "
                    + "every sample, png-dir one PNG per sample (for FID tools)")
    String format;

    @Option(names = "--png", description = "also plot the samples to this PNG")
    Path png;

    @Option(
            names = "--solver",
            description = "dopri5[:rtol,atol] | rk4[:N] | midpoint[:N] | euler[:N] (default: the run's sample solver)")
    String solver;

    @Option(
            names = "--steps",
            defaultValue = "20",
            description = "steps of a fixed-step --solver given without :N (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--chunk", defaultValue = "20000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--distilled", description = "sample with the run's distilled students (see lfm distill)")
    boolean distilled;

    @Option(
            names = "--condition",
            description = "conditional run: a table (.csv/.npy) of conditions as in the "
                    + "training data, one sample per row (a single row is repeated --n times)")
    Path conditionFile;

    @Option(names = "--class", description = "class-conditional run: --n samples of class K")
    Integer classLabel;

    @Option(
            names = "--guidance",
            description = "classifier-free guidance weight w: v(x,t,∅) + w·(v(x,t,c) − "
                    + "v(x,t,∅)) (a run trained with --condition-dropout > 0); none by default")
    Float guidance;

    @Option(
            names = "--shard",
            description = "r/P: write only part r of P of the --n samples (jobs of any scheduler); "
                    + "'lfm merge' joins the parts into the file one job writes")
    String shardSpec;

    @Override
    public Integer call() throws Exception {
        return distributedOptions.run(this::sample);
    }

    private Integer sample() throws Exception {
        if (count < 1 || chunk < 1) {
            throw new ParameterException(spec.commandLine(), "--n and --chunk must be ≥ 1");
        }
        Shard shard = SpecOptions.usageErrors(spec, () -> shardSpec == null ? Shard.WHOLE : Shard.parse(shardSpec));
        if (!shard.whole() && (distilled || distributedOptions.job().size() > 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--shard splits the teacher's generation into separate "
                            + "jobs: not with --distilled or --distributed");
        }
        String written = format != null
                ? format
                : TableFormat.ofName(out.getFileName().toString())
                        .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                        .orElse(out.toString().endsWith(".png") ? "png" : "");
        if (!java.util.List.of("csv", "npy", "png", "png-dir").contains(written)) {
            throw new ParameterException(
                    spec.commandLine(),
                    format != null
                            ? "--format must be csv, npy, png or png-dir, " + "got '" + format + "'"
                            : "--out " + out + ": expected a " + TableFormat.extensions()
                                    + " file name (or give --format)");
        }
        DataMatrix conditions = conditions();
        if (guidance != null && (conditions == null || distilled)) {
            throw new ParameterException(
                    spec.commandLine(),
                    conditions == null
                            ? "--guidance needs --condition FILE or --class K"
                            : "--guidance does not apply to --distilled");
        }
        try (Model model = Model.load(run, backendOptions::open, distributedOptions.job())) {
            long start = System.nanoTime();
            Samples generated;
            if (conditions == null) {
                generated = distilled
                        ? model.sampleDistilled(count, chunk, seed)
                        : model.sample(count, solver, steps, chunk, seed, shard);
            } else {
                generated = distilled
                        ? model.sampleDistilled(conditions, chunk, seed)
                        : model.sample(conditions, guidance, solver, steps, chunk, seed, shard);
            }
            DataMatrix points = generated.points();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (model.collective().rank() != 0) {
                return 0; // every rank took part in the generation; rank 0 writes it
            }
            writeSamples(written, points, model);
            if (png != null) {
                SamplePlots.samples(png, points, "samples of " + run.getFileName());
            }
            System.err.printf(
                    "%d samples in %.2f s (%s) written to %s%n", points.rows(), seconds, generated.method(), out);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("samples", points.rows());
            if (!shard.whole()) {
                json.put("shard", shard.toString());
            }
            json.put("out", out.toString());
            json.put("seconds", Math.round(seconds * 1000) / 1000.0);
            json.put("method", generated.method());
            json.put("network_evaluations", generated.evaluationsPerPoint());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }

    /** The samples in the chosen format; the image formats need a UNet run on images. */
    private void writeSamples(String written, DataMatrix points, Model model) throws java.io.IOException {
        ImageShape image = model.config().spec().model() instanceof UNetSpec unet ? unet.image() : null;
        if (image == null && written.startsWith("png")) {
            throw new ParameterException(spec.commandLine(), "--format " + written + " needs a run on images (a UNet)");
        }
        switch (written) {
            case "png" -> ImageGrids.grid(out, points, image);
            case "png-dir" -> ImageGrids.eachImage(out, points, image);
            case "npy" -> {
                if (image == null) {
                    NpyWriter.write(out, points);
                } else {
                    byte[] pixels = new byte[points.values().length];
                    for (int k = 0; k < pixels.length; k++) {
                        pixels[k] = (byte) ImageScaling.toValue(points.values()[k], 255);
                    }
                    new NpyImages(points.rows(), image.height(), image.width(), image.channels(), pixels).write(out);
                }
            }
            default -> {
                java.util.List<String> header = new java.util.ArrayList<>();
                for (int j = 0; j < points.cols(); j++) {
                    header.add("x" + j);
                }
                CsvWriter.write(out, points, header);
            }
        }
    }

    /** The conditions of --condition or --class, or null for unconditional sampling. */
    private DataMatrix conditions() throws IOException {
        if (conditionFile != null && classLabel != null) {
            throw new ParameterException(spec.commandLine(), "give --condition FILE or --class K, not both");
        }
        if (classLabel != null) {
            return DataMatrix.repeatRow(new float[] {classLabel}, count);
        }
        if (conditionFile == null) {
            return null;
        }
        DataMatrix table = TableFormat.read(conditionFile);
        return table.rows() == 1 ? DataMatrix.repeatRow(table.row(0), count) : table;
    }
}
