package lfm.dist.nccl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backends;
import lfm.dist.MpiRun;
import lfm.dist.mpi.MpiLibrary;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a GPU: one rank of {@code train --distributed nccl --backend cuda} (MPI's singleton start, an NCCL
 * communicator of one rank joined on the backend's GPU; with one rank the all-reduce has nothing to add)
 * writes the block files of a plain {@code train --backend cuda}, bit for bit. Skipped, with the reason,
 * without a GPU, MPI or NCCL.
 */
@Tag("gpu")
class NcclTrainingTest {

    @Test
    void oneNcclRankEqualsThePlainCudaRun(@TempDir Path temp) {
        String gpu = Backends.cudaUnavailableReason();
        assumeTrue(gpu == null, () -> "no GPU, NCCL training test skipped: " + gpu);
        assumeTrue(NcclLibrary.unavailableReason() == null, NcclLibrary.unavailableReason());
        String mpi = mpiMissing();
        assumeTrue(mpi == null, mpi);
        Path plain = temp.resolve("plain");
        Path nccl = temp.resolve("nccl");
        assertEquals(
                0,
                MpiRun.run(MpiRun.java("lfm.cli.Main", train(plain)), java.util.Map.of(), 600)
                        .status());
        List<String> distributed = new ArrayList<>(train(nccl));
        distributed.addAll(List.of("--distributed", "nccl"));
        MpiRun.Result result = MpiRun.run(MpiRun.java("lfm.cli.Main", distributed), java.util.Map.of(), 600);
        assertEquals(0, result.status(), result.output());
        for (int block = 1; block <= 2; block++) {
            try {
                assertArrayEquals(
                        Files.readAllBytes(new RunFolder(plain).blockWeights(block)),
                        Files.readAllBytes(new RunFolder(nccl).blockWeights(block)),
                        "block " + block);
            } catch (java.io.IOException unreadable) {
                throw new java.io.UncheckedIOException(unreadable);
            }
        }
    }

    private static String mpiMissing() {
        try {
            MpiLibrary.locate();
            return null;
        } catch (RuntimeException missing) {
            return missing.getMessage();
        }
    }

    private static List<String> train(Path out) {
        return List.of(
                "train",
                "--backend",
                "cuda",
                "--data",
                "8gaussians",
                "--blocks",
                "1",
                "--steps",
                "50",
                "--hidden",
                "64",
                "--batch",
                "512",
                "--pool",
                "5000",
                "--no-plots",
                "--seed",
                "2",
                "--out",
                out.toString());
    }
}
