package lfm.dist;

import java.util.Locale;
import lfm.backend.Backend;
import lfm.dist.mpi.MpiCollective;
import lfm.dist.nccl.NcclCollective;

/**
 * Joining a job by the name a run's spec gives it ({@code run.distributed}): {@code none} is one process,
 * {@code mpi} one rank of the MPI job this process was launched in (mpirun, mpiexec, srun; MPI's singleton
 * start when launched alone), {@code nccl} the same MPI job whose tensor all-reduce then runs on the GPUs
 * ({@link #onBackend}). Two steps, because a rank must know its local rank (which GPU) before the backend
 * opens, and NCCL needs the open CUDA backend.
 */
public final class Collectives {
    private Collectives() {}

    /**
     * Joins the job {@code mode} names. Under MPI, the cuda backend of rank r then uses GPU (its local rank)
     * unless {@code LFM_CUDA_DEVICE} or {@code -Dlfm.cuda.device} says otherwise. The caller closes the
     * collective once, after the job's last collective call (MPI_Finalize).
     */
    public static Collective join(String mode) {
        return switch (normal(mode)) {
            case "none" -> new LocalCollective();
            case "mpi", "nccl" -> {
                MpiCollective job = MpiCollective.initialize();
                if (System.getProperty("lfm.cuda.device") == null && System.getenv("LFM_CUDA_DEVICE") == null) {
                    System.setProperty("lfm.cuda.device", Integer.toString(job.localRank()));
                }
                yield job;
            }
            default -> throw new IllegalArgumentException("--distributed must be none, mpi or nccl, got " + mode);
        };
    }

    /**
     * What a job joined with {@code mode} computes over once {@code backend} is open: for nccl an NCCL
     * communicator of the job's ranks on the backend's GPU (closing it leaves NCCL, not the job), else the
     * job itself.
     */
    public static Collective onBackend(String mode, Collective job, Backend backend) {
        return normal(mode).equals("nccl") ? NcclCollective.initialize(job, backend) : job;
    }

    private static String normal(String mode) {
        return mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
    }
}
