package lfm.cli;

import lfm.policy.Policies;
import picocli.CommandLine.Option;

/** How a flow policy samples its chunks (ignored by behaviour cloning). */
final class PolicySamplingOptions {

    @Option(
            names = "--solver",
            defaultValue = "rk4:4",
            description =
                    "ODE solver of each block: euler:N | midpoint:N | rk4:N | dopri5[:rtol,atol] (default: ${DEFAULT-VALUE})")
    String solver;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "seed of the sampling noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--distilled", description = "use the run's distilled students (lfm distill --run DIR)")
    boolean distilled;

    Policies.SamplingOptions options() {
        return new Policies.SamplingOptions(solver, seed, distilled);
    }
}
