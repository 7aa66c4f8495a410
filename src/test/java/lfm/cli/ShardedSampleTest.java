package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample --shard r/P} for P = 2 and 3, joined by {@code lfm merge}, writes the bytes one
 * {@code sample} writes (CSV and NPY), also when there are more parts than chunks; merge refuses parts
 * that do not belong together.
 */
class ShardedSampleTest {

    @Test
    void mergedShardsAreTheWholeSample(@TempDir Path temp) throws Exception {
        Path run = temp.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
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
                "20",
                "--hidden",
                "16",
                "--depth",
                "2",
                "--batch",
                "64",
                "--pool",
                "500",
                "--no-plots",
                "--log-every",
                "10",
                "--checkpoint-every",
                "10",
                "--sample-solver",
                "rk4:3",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        for (String type : new String[] {"csv", "npy"}) {
            Path whole = temp.resolve("whole." + type);
            assertEquals(0, sample(run, whole).status());
            for (int parts : type.equals("csv") ? new int[] {3} : new int[] {2, 7}) {
                List<String> merge = new ArrayList<>(
                        List.of("merge", "--out", temp.resolve("merged." + type).toString()));
                for (int r = 0; r < parts; r++) {
                    Path part = temp.resolve("part-" + r + "-of-" + parts + "." + type);
                    CommandLineRunner.Result result = sample(run, part, "--shard", r + "/" + parts);
                    assertEquals(0, result.status(), result.err());
                    merge.add(part.toString());
                }
                CommandLineRunner.Result merged = CommandLineRunner.run(merge.toArray(String[]::new));
                assertEquals(0, merged.status(), merged.err());
                assertTrue(merged.lastLine().contains("\"rows\":250"), merged.out());
                assertArrayEquals(
                        Files.readAllBytes(whole),
                        Files.readAllBytes(temp.resolve("merged." + type)),
                        type + " in " + parts + " parts");
            }
        }
        CommandLineRunner.Result mixed = CommandLineRunner.run(
                "merge",
                "--out",
                temp.resolve("x.npy").toString(),
                temp.resolve("part-0-of-2.npy").toString(),
                temp.resolve("part-1-of-3.csv").toString());
        assertEquals(2, mixed.status(), mixed.err());
        CommandLineRunner.Result badShard = sample(run, temp.resolve("y.csv"), "--shard", "3/3");
        assertEquals(2, badShard.status(), badShard.err());
        assertTrue(badShard.err().contains("--shard r/P needs 0 ≤ r < P"), badShard.err());
    }

    private static CommandLineRunner.Result sample(Path run, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "sample",
                "--backend",
                "cpu",
                "--threads",
                "1",
                "--run",
                run.toString(),
                "--n",
                "250",
                "--chunk",
                "60",
                "--seed",
                "9",
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return CommandLineRunner.run(args.toArray(String[]::new));
    }
}
