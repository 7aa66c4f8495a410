package lfm.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import lfm.config.RunSpec;
import lfm.dist.Collective;
import lfm.dist.Collectives;
import lfm.dist.LocalCollective;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --distributed none|mpi|nccl}, shared by train, sample and eval (bound to {@code run.distributed}
 * of the training spec): the process is one rank of an MPI job (started by mpirun, mpiexec or srun),
 * joined before anything else happens ({@link Collectives#join}) so that only rank 0 prints: the other
 * ranks' stdout and stderr are silenced. A rank that fails prints one line naming itself and aborts the
 * whole job (MPI_Abort), so no rank waits forever for it. The work itself is the API's: the command hands
 * {@link #job()} to {@code Training.run} or {@code Model.load}.
 */
public final class DistributedOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--distributed",
            description =
                    "none | mpi | nccl: run as one rank of an MPI job (mpirun -np P ..., "
                            + "srun ...); train with nccl all-reduces the gradients on the GPUs (needs --backend cuda) (default: none)")
    @SpecField("run.distributed")
    String mode;

    private Collective job = new LocalCollective();
    private final PrintStream errors = System.err;

    /** Runs {@code body} as this process's rank of the job; a failure on any rank of several ends the job. */
    int run(Callable<Integer> body) throws Exception {
        join();
        try {
            int status = body.call();
            job.barrier();
            return status;
        } catch (Exception | Error failure) {
            if (job.size() > 1) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--debug")) {
                    failure.printStackTrace(errors);
                }
                errors.println("lfm: error: rank " + job.rank() + " of " + job.size() + ": "
                        + ErrorMessages.describe(failure));
                errors.flush();
                job.abort(1);
            }
            throw failure;
        } finally {
            job.close();
        }
    }

    /** The job this process joined (one process without --distributed). */
    Collective job() {
        return job;
    }

    private void join() {
        String chosen = mode == null ? "none" : mode;
        if (!RunSpec.DISTRIBUTED.contains(chosen)) {
            throw new ParameterException(spec.commandLine(), "--distributed must be none, mpi or nccl, got " + mode);
        }
        if (chosen.equals("none")) {
            return;
        }
        job = Collectives.join(chosen);
        if (job.rank() != 0) {
            PrintStream nothing = new PrintStream(OutputStream.nullOutputStream());
            System.setOut(nothing);
            System.setErr(nothing);
        } else {
            System.err.println("distributed: " + job.description());
        }
    }
}
