package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.api.Model;
import lfm.data.DataMatrix;
import lfm.data.format.TableFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm velocity}: block n's velocity vₙ(x, t) at given points, in the model's coordinates (after
 * the run's standardisation, if any). For checking a block file against another implementation
 * (benchmarks/state_dict_check.py loads it into PyTorch) and for looking inside a block.
 */
@Command(
        name = "velocity",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Evaluate block N's velocity field v(x, t) at the rows (t, x1..xD) of a table.")
final class VelocityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the run folder")
    Path run;

    @Option(names = "--block", required = true, description = "the block n, 1..N")
    int block;

    @Option(names = "--in", required = true, description = ".csv or .npy with D + 1 columns: t, then x1..xD")
    Path in;

    @Option(names = "--out", required = true, description = ".csv or .npy to write the D columns of v")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path file : new Path[] {in, out}) {
            if (TableFormat.ofName(file.getFileName().toString()).isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), file + ": expected a " + TableFormat.extensions() + " file name");
            }
        }
        DataMatrix rows = TableFormat.read(in);
        try (Model model = Model.load(run, backendOptions::open)) {
            if (block < 1 || block > model.blockCount()) {
                throw new ParameterException(
                        spec.commandLine(), "--block " + block + ": the run has blocks 1.." + model.blockCount());
            }
            int dimension = model.dimension();
            if (rows.cols() != dimension + 1) {
                throw new IllegalArgumentException(in + ": expected " + (dimension + 1)
                        + " columns (t, then the run's D = " + dimension + "), found " + rows.cols());
            }
            float[] times = new float[rows.rows()];
            float[] points = new float[rows.rows() * dimension];
            for (int i = 0; i < rows.rows(); i++) {
                times[i] = rows.get(i, 0);
                for (int d = 0; d < dimension; d++) {
                    points[i * dimension + d] = rows.get(i, d + 1);
                }
            }
            TableFormat.write(out, model.velocity(block, new DataMatrix(rows.rows(), dimension, points), times));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("block", block);
        json.put("points", rows.rows());
        json.put("out", out.toString());
        System.out.println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }
}
