package lfm.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;
import lfm.dist.Collective;
import lfm.dist.mpi.MpiCollective;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.train.DataParallel;
import lfm.train.TrainingStep;

/**
 * The W1 training step (3×256 Softplus MLP on 2D points, Adam) as one rank of an MPI job, for the
 * scaling figures of benchmarks/dist_scaling.sh: {@code mpirun -np P java ... lfm.bench.DistributedStepBench
 * BATCH STEPS THREADS} times STEPS steps of a global batch BATCH (after as many warm-up steps) on a CPU
 * backend of THREADS threads per rank, then the rank-order all-reduce of the model's gradient alone;
 * rank 0 prints one JSON line. Started without mpirun it is one rank (MPI's singleton start).
 */
public final class DistributedStepBench {
    private DistributedStepBench() {}

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        try (Collective collective = MpiCollective.initialize();
                Backend backend = new CpuBackend(threads);
                TensorArena arena = backend.newArena("w1")) {
            RandomStream root = new RandomStream(7);
            Tensor pool = arena.allocate(Shape.matrix(200_000, 2));
            backend.fromHost(GaussianMixture.sample(200_000, 7), pool);
            MlpField field =
                    new MlpField(new FieldConfig(2, 256, 3, Activation.parse("softplus:20"), 0), arena, root.fork(1));
            Adam adam = new Adam(field.parameters(), AdamConfig.adam(), arena);
            Schedule.Block block = Schedule.geometric(1, 0.025, 1).blocks().get(0);
            RandomStream random = root.fork(2);
            try (TrainingStep step = new TrainingStep(
                    backend,
                    field,
                    block,
                    Interpolant.TRIG,
                    TimeSampler.UNIFORM,
                    batch,
                    adam,
                    null,
                    0,
                    DataParallel.ranks(collective, 0))) {
                for (int s = 0; s < steps; s++) {
                    step.run(pool, random, 2e-4);
                }
                collective.barrier();
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    step.run(pool, random, 2e-4);
                }
                collective.barrier();
                double stepMs = (System.nanoTime() - start) / 1e6 / steps;
                int parameters = field.parameters().stream()
                        .mapToInt(p -> (int) p.value().size())
                        .sum();
                double reduceMs = allReduceMilliseconds(
                        collective, arena.allocate(Shape.matrix(parameters, 1)), Math.max(10, steps));
                if (collective.rank() == 0) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("ranks", collective.size());
                    json.put("threads_per_rank", threads);
                    json.put("global_batch", batch);
                    json.put("step_ms", round(stepMs));
                    json.put("points_per_s", Math.round(batch / stepMs * 1000));
                    json.put("parameters", parameters);
                    json.put("allreduce_bytes", 4L * parameters);
                    json.put("allreduce_ms", round(reduceMs));
                    System.out.println(toJson(json));
                }
            }
        }
    }

    /** Mean time of the rank-order all-reduce of a flat gradient tensor (the call training makes each step). */
    private static double allReduceMilliseconds(Collective collective, Tensor values, int repeats) {
        values.backend().fill(values, 1f);
        collective.allReduceSum(values);
        collective.barrier();
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            collective.allReduceSum(values);
        }
        collective.barrier();
        return (System.nanoTime() - start) / 1e6 / repeats;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String toJson(Map<String, Object> values) {
        StringBuilder text = new StringBuilder("{");
        values.forEach((key, value) -> text.append(text.length() > 1 ? ", " : "")
                .append('"')
                .append(key)
                .append("\": ")
                .append(String.format(Locale.ROOT, "%s", value)));
        return text.append('}').toString();
    }
}
