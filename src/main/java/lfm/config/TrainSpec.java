package lfm.config;

import java.util.function.UnaryOperator;

/**
 * Everything a training run is asked to do, grouped by concern. Every group is a validated record with
 * its own {@code defaults()} and {@code with…} methods, so a spec is built fluently from the defaults
 * and an invalid value fails where it is set:
 * <pre>{@code
 * TrainSpec spec = TrainSpec.defaults()
 *         .withData(data -> data.withSource("8gaussians").withPoolSize(10_000))
 *         .withModel(MlpSpec.defaults().withWidth(64))
 *         .withOptimization(optimization -> optimization.withStepsPerBlock(600));
 * }</pre>
 * The JSON form ({@link RunConfigFile}) has one object per group under the names of the components.
 *
 * @param model        the velocity field's architecture
 * @param flow         method, γ schedule, interpolant, time sampling, warm start
 * @param optimization steps, batch, learning rate and its schedule, optimizer, clipping, EMA
 * @param data         the data source, pool size and standardisation
 * @param run          run folder, checkpoint and log intervals, seed, solvers, chunks, backend, plots
 * @param condition    the condition of a conditional model (none by default)
 */
public record TrainSpec(
        ModelSpec model,
        FlowSpec flow,
        OptimizationSpec optimization,
        DataSpec data,
        RunSpec run,
        @Since(5) ConditionSpec condition) {

    public TrainSpec {
        if (model == null || flow == null || optimization == null || data == null || run == null || condition == null) {
            throw new IllegalArgumentException("every group of a training spec must be given (model, flow, "
                    + "optimization, data, run, condition)");
        }
    }

    /** An unconditional spec (the groups from before the condition group). */
    public TrainSpec(ModelSpec model, FlowSpec flow, OptimizationSpec optimization, DataSpec data, RunSpec run) {
        this(model, flow, optimization, data, run, ConditionSpec.defaults());
    }

    /** The defaults of every group: what {@code lfm train} with no flags does. */
    public static TrainSpec defaults() {
        return new TrainSpec(
                MlpSpec.defaults(),
                FlowSpec.defaults(),
                OptimizationSpec.defaults(),
                DataSpec.defaults(),
                RunSpec.defaults(),
                ConditionSpec.defaults());
    }

    public TrainSpec withModel(ModelSpec model) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withFlow(FlowSpec flow) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withFlow(UnaryOperator<FlowSpec> change) {
        return withFlow(change.apply(flow));
    }

    public TrainSpec withOptimization(OptimizationSpec optimization) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withOptimization(UnaryOperator<OptimizationSpec> change) {
        return withOptimization(change.apply(optimization));
    }

    public TrainSpec withData(DataSpec data) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withData(UnaryOperator<DataSpec> change) {
        return withData(change.apply(data));
    }

    public TrainSpec withRun(RunSpec run) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withRun(UnaryOperator<RunSpec> change) {
        return withRun(change.apply(run));
    }

    public TrainSpec withCondition(ConditionSpec condition) {
        return new TrainSpec(model, flow, optimization, data, run, condition);
    }

    public TrainSpec withCondition(UnaryOperator<ConditionSpec> change) {
        return withCondition(change.apply(condition));
    }

    /** This spec as JSON (the form config.json holds under "spec"). */
    public String toJson() {
        return RunConfigFile.toJson(this);
    }

    /** Reads the JSON form; a missing or unknown field is an error. */
    public static TrainSpec fromJson(String json) {
        return RunConfigFile.fromJson(json, TrainSpec.class);
    }
}
