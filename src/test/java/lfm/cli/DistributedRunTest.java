package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lfm.dist.MpiRun;
import lfm.run.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed guarantees end to end, under Open MPI's mpirun on loopback (skipped with the reason
 * where it is missing), against single-process references run in this JVM. Every launch starts P JVMs,
 * so the commands that can share a job run in one: a job of 2 ranks ({@link CommandsOnRanks}) trains,
 * resumes a killed run, samples and evaluates; the others are the job that is killed, one of 1 rank and
 * one whose rank 1 fails.
 * <ol>
 *   <li>{@code mpirun -np 2 train --distributed mpi} writes the block files of {@code train --shards 2}
 *       byte for byte (the weights compared by hash after every step), {@code -np 1} those of a plain run;</li>
 *   <li>killing mpirun mid-block and resuming with {@code -np 2} gives the uninterrupted blocks; resuming
 *       with another P works and warns;</li>
 *   <li>{@code sample} writes the same bytes and {@code eval --nll} reports the same mean and standard
 *       error for P = 1 and 2 (P = 3, with threads as ranks: lfm.api.SharedWorkTest);</li>
 *   <li>a rank that fails ends the job within seconds, non-zero, with one line naming the rank.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedRunTest {
    private static final List<String> TRAIN = List.of(
            "train",
            "--backend",
            "cpu",
            "--threads",
            "1",
            "--data",
            "8gaussians",
            "--blocks",
            "1",
            "--steps",
            "30",
            "--hidden",
            "16",
            "--depth",
            "2",
            "--batch",
            "96",
            "--pool",
            "1200",
            "--chunk",
            "500",
            "--checkpoint-every",
            "10",
            "--log-every",
            "10",
            "--no-plots",
            "--seed",
            "4",
            "--push-solver",
            "rk4:4",
            "--sample-solver",
            "rk4:4");
    private static final String KILLED_STEPS = "300"; // block 2 outlasts the 20 ms between looks

    private Path temp;
    private Path shards2;
    private MpiRun.Result twoRanks;

    /** The references, the killed job, then one job of 2 ranks running every command checked below. */
    @BeforeAll
    void launch(@TempDir Path folder) throws Exception {
        assumeTrue(MpiRun.unavailableReason() == null, MpiRun.unavailableReason());
        temp = folder;
        shards2 = temp.resolve("shards-2");
        assertEquals(0, CommandLineRunner.run(train(shards2, "--shards", "2")).status());
        killInBlockTwo(temp.resolve("killed"));
        copyTree(temp.resolve("killed"), temp.resolve("killed-copy"));
        twoRanks = MpiRun.launch(
                2,
                MpiRun.java(
                        "lfm.cli.CommandsOnRanks",
                        commands(
                                train(temp.resolve("ranks-2"), "--distributed", "mpi", "--check-every", "1"),
                                train(
                                        temp.resolve("killed"),
                                        "--distributed",
                                        "mpi",
                                        "--steps",
                                        KILLED_STEPS,
                                        "--resume"),
                                with(
                                        sample(),
                                        "--out",
                                        temp.resolve("ranks-2.npy").toString(),
                                        "--distributed",
                                        "mpi"),
                                with(eval(), "--distributed", "mpi"))),
                600);
        assertEquals(0, twoRanks.status(), twoRanks.output());
        for (int command = 0; command < 4; command++) {
            for (int rank = 0; rank < 2; rank++) {
                assertTrue(
                        twoRanks.output().contains("rank " + rank + ": command " + command + " exit 0"),
                        twoRanks.output());
            }
        }
    }

    @Test
    void twoRanksWriteTheBlocksOfTwoShardsAndOneRankThoseOfAPlainRun() throws IOException {
        assertSameBlocks(shards2, temp.resolve("ranks-2"), "mpirun -np 2 vs --shards 2");
        assertTrue(twoRanks.output().contains("distributed: MPI (Open MPI"), twoRanks.output());

        Path plain = temp.resolve("plain");
        assertEquals(0, CommandLineRunner.run(train(plain)).status());
        Path ranks1 = temp.resolve("ranks-1");
        MpiRun.Result one =
                MpiRun.launch(1, MpiRun.java("lfm.cli.Main", List.of(train(ranks1, "--distributed", "mpi"))), 300);
        assertEquals(0, one.status(), one.output());
        assertSameBlocks(plain, ranks1, "mpirun -np 1 vs a plain run");
    }

    @Test
    void aKilledJobResumesToTheSameBlocksAndAnotherPWarns() throws IOException {
        Path straight = temp.resolve("straight");
        assertEquals(
                0,
                CommandLineRunner.run(train(straight, "--shards", "2", "--steps", KILLED_STEPS))
                        .status());
        assertSameBlocks(straight, temp.resolve("killed"), "killed with -np 2, resumed with -np 2");

        CommandLineRunner.Result otherP = CommandLineRunner.run(
                train(temp.resolve("killed-copy"), "--shards", "3", "--steps", KILLED_STEPS, "--resume"));
        assertEquals(0, otherP.status(), otherP.err());
        assertTrue(otherP.err().contains("warning: resuming a run checkpointed with 2 shard(s) on 3"), otherP.err());
    }

    @Test
    void samplesAndLikelihoodDoNotDependOnP() throws IOException {
        Path whole = temp.resolve("whole.npy");
        assertEquals(
                0,
                CommandLineRunner.run(with(sample(), "--out", whole.toString())).status());
        assertArrayEquals(
                Files.readAllBytes(whole), Files.readAllBytes(temp.resolve("ranks-2.npy")), "2 ranks: samples");
        CommandLineRunner.Result single = CommandLineRunner.run(eval());
        assertEquals(0, single.status(), single.err());
        JsonNode expected = new ObjectMapper().readTree(single.lastLine()).get("nll");
        JsonNode nll = lastJson(twoRanks.output()).get("nll");
        assertEquals(expected.get("mean").asDouble(), nll.get("mean").asDouble(), 0, "2 ranks: NLL mean");
        assertEquals(
                expected.get("standard_error").asDouble(),
                nll.get("standard_error").asDouble(),
                0,
                "2 ranks: NLL standard error");
    }

    @Test
    void aFailingRankEndsTheJobWithItsName() {
        Path out = temp.resolve("failing");
        List<String> good = MpiRun.java("lfm.cli.Main", List.of(train(out, "--distributed", "mpi")));
        List<String> bad = MpiRun.java(
                "lfm.cli.Main",
                List.of(train(
                        out,
                        "--distributed",
                        "mpi",
                        "--data",
                        temp.resolve("missing.csv").toString())));
        long start = System.nanoTime();
        MpiRun.Result result = MpiRun.launchEach(List.of(good, bad), 120);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(result.timedOut(), "the job hung:\n" + result.output());
        assertNotEquals(0, result.status(), result.output());
        long lines = result.output()
                .lines()
                .filter(line -> line.startsWith("lfm: error: rank 1 of 2: "))
                .count();
        assertEquals(1, lines, result.output());
        assertTrue(result.output().contains("missing.csv"), result.output());
        assertTrue(seconds < 60, "the job took " + seconds + " s to end");
    }

    /** Starts {@code train} over 2 ranks and kills every process once block 2 has a checkpoint. */
    private void killInBlockTwo(Path out) throws Exception {
        List<String> command = new ArrayList<>(MpiRun.command(2));
        command.addAll(
                MpiRun.java("lfm.cli.Main", List.of(train(out, "--distributed", "mpi", "--steps", KILLED_STEPS))));
        Process job = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(File.createTempFile("lfm-killed-job", ".log"))
                .start();
        RunFolder folder = new RunFolder(out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!(folder.hasState()
                && folder.readState().completedBlocks() >= 1
                && folder.readState().blockStep() > 0)) {
            assertTrue(job.isAlive(), "the job ended before it could be killed");
            assertTrue(System.nanoTime() < deadline, "no checkpoint in block 2 within 240 s");
            Thread.sleep(20);
        }
        job.descendants().forEach(ProcessHandle::destroyForcibly); // as a node crash: every rank, then mpirun
        job.destroyForcibly();
        assertTrue(job.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, folder.readState().completedBlocks(), "killed in block 2");
        assertFalse(Files.exists(folder.blockWeights(2)), "killed before block 2 was written");
    }

    private String[] sample() {
        return new String[] {
            "sample",
            "--backend",
            "cpu",
            "--threads",
            "1",
            "--run",
            shards2.toString(),
            "--n",
            "600",
            "--chunk",
            "200",
            "--seed",
            "3"
        };
    }

    private String[] eval() {
        return new String[] {
            "eval",
            "--backend",
            "cpu",
            "--threads",
            "1",
            "--run",
            shards2.toString(),
            "--n",
            "500",
            "--chunk",
            "200",
            "--nll",
            "--nll-steps",
            "6",
            "--block-points",
            "0",
            "--divergence",
            "hutchinson"
        };
    }

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(TRAIN);
        args.addAll(List.of("--out", out.toString()));
        for (int i = 0; i < extra.length; i++) {
            int existing = args.indexOf(extra[i]);
            boolean valued = existing >= 0
                    && existing + 1 < args.size()
                    && !args.get(existing + 1).startsWith("--");
            if (valued) {
                args.set(existing + 1, extra[++i]); // a flag of TRAIN given again: its new value
            } else {
                args.add(extra[i]);
            }
        }
        return args.toArray(String[]::new);
    }

    private static String[] with(String[] base, String... extra) {
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The arguments of {@link CommandsOnRanks} for these commands. */
    private static List<String> commands(String[]... commands) {
        List<String> args = new ArrayList<>();
        for (String[] command : commands) {
            if (!args.isEmpty()) {
                args.add(CommandsOnRanks.NEXT);
            }
            args.addAll(List.of(command));
        }
        return args;
    }

    private static void assertSameBlocks(Path expected, Path actual, String what) throws IOException {
        for (int block = 1; block <= 2; block++) {
            assertArrayEquals(
                    Files.readAllBytes(new RunFolder(expected).blockWeights(block)),
                    Files.readAllBytes(new RunFolder(actual).blockWeights(block)),
                    what + ": block " + block);
        }
    }

    private static JsonNode lastJson(String output) throws IOException {
        List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
