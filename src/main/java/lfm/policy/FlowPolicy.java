package lfm.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.data.DataMatrix;
import lfm.random.Distributions;

/**
 * A chunked policy that is a conditional flow: the chunk is generated given the observation history,
 * chunk ~ p(chunk | condition), by the run's blocks (an ODE solve each) or by its distilled students.
 * Each call draws fresh noise: call i of seed s uses the noise seed mix(s, i), so a sequence of calls
 * is reproducible from {@link #reseed}.
 */
public final class FlowPolicy implements Policy {
    private final Model model;
    private final PolicyShape shape;
    private final String solver;
    private final boolean distilled;
    private long seed;
    private long calls;
    private long lastEvaluations;

    public FlowPolicy(Model model, PolicyShape shape, String solver, boolean distilled, long seed) {
        if (!model.conditional() || model.dimension() != shape.chunkSize()) {
            throw new IllegalArgumentException(model.folder() + " is not a flow policy of this shape (it should model "
                    + shape.chunkSize() + " chunk values given " + shape.conditionSize() + " condition values)");
        }
        this.model = model;
        this.shape = shape;
        this.solver = solver;
        this.distilled = distilled;
        this.seed = seed;
    }

    @Override
    public PolicyShape shape() {
        return shape;
    }

    @Override
    public DataMatrix act(DataMatrix conditions) {
        long noise = Distributions.mix(seed, calls++);
        Samples samples;
        try {
            samples = distilled
                    ? model.sampleDistilled(conditions, Model.DEFAULT_CHUNK_ROWS, noise)
                    : model.sample(
                            conditions, null, solver, Model.DEFAULT_FIXED_STEPS, Model.DEFAULT_CHUNK_ROWS, noise);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        lastEvaluations = samples.evaluationsPerPoint();
        return samples.points();
    }

    @Override
    public long lastEvaluations() {
        return lastEvaluations;
    }

    @Override
    public void reseed(long seed) {
        this.seed = seed;
        this.calls = 0;
    }
}
