package lfm.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.dist.Collective;
import lfm.dist.LocalCollective;
import lfm.dist.mpi.MpiCollective;
import lfm.dist.nccl.NcclCollective;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --distributed mpi|nccl}, shared by train, sample and eval: the process is one rank of an MPI
 * job (started by mpirun, mpiexec or srun). Rank 0 alone prints and writes; the other ranks' stdout and
 * stderr are silenced. A rank that fails prints one line naming itself and aborts the whole job
 * (MPI_Abort), so no rank waits forever for it. On the cuda backend rank r uses GPU (its local rank)
 * unless LFM_CUDA_DEVICE or -Dlfm.cuda.device says otherwise; with nccl gradients are reduced on the GPU.
 */
public final class DistributedOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--distributed", description = "mpi | nccl: run as one rank of an MPI job (mpirun -np P ..., srun ...); "
            + "nccl reduces gradients on the GPUs (needs --backend cuda)")
    String mode;

    private Collective collective = new LocalCollective();
    private PrintStream errors = System.err;

    /** The body, a callable that may use {@link #collective()}, run as this rank of the job. */
    int run(Callable<Integer> body) throws Exception {
        start();
        try {
            int status = body.call();
            collective.barrier();
            return status;
        } catch (Exception | Error failure) {
            if (collective.size() > 1) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--debug")) {
                    failure.printStackTrace(errors);
                }
                errors.println("lfm: error: rank " + collective.rank() + " of " + collective.size() + ": "
                        + ErrorMessages.describe(failure));
                errors.flush();
                collective.abort(1);
            }
            throw failure;
        } finally {
            collective.close();
        }
    }

    private void start() {
        if (mode == null) {
            return;
        }
        String chosen = mode.toLowerCase(Locale.ROOT);
        if (!chosen.equals("mpi") && !chosen.equals("nccl")) {
            throw new ParameterException(spec.commandLine(), "--distributed must be mpi or nccl, got " + mode);
        }
        collective = MpiCollective.initialize();
        if (System.getProperty("lfm.cuda.device") == null && System.getenv("LFM_CUDA_DEVICE") == null) {
            System.setProperty("lfm.cuda.device", Integer.toString(collective.localRank()));
        }
        if (collective.rank() != 0) {
            PrintStream nothing = new PrintStream(OutputStream.nullOutputStream());
            System.setOut(nothing);
            System.setErr(nothing);
        } else {
            System.err.println("distributed: " + collective.description());
        }
    }

    /** For nccl: the GPU collective on the opened CUDA backend (joins NCCL once), else the MPI one. */
    Collective collective(Backend backend) {
        if (mode != null && mode.equalsIgnoreCase("nccl") && !(collective instanceof NcclCollective)) {
            collective = NcclCollective.initialize(collective, backend);
            if (collective.rank() == 0) {
                System.err.println("distributed: " + collective.description());
            }
        }
        return collective;
    }

    Collective collective() {
        return collective;
    }

    boolean distributed() {
        return mode != null;
    }
}
