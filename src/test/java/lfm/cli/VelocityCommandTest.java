package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.data.DataMatrix;
import lfm.data.format.TableFormat;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lfm velocity} writes vₙ(x, t) at the given rows, each row with its own t. */
class VelocityCommandTest {

    @Test
    void writesTheVelocityOfTheBlockAtEachRowsOwnTime(@TempDir Path temp) throws Exception {
        Path run = temp.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "reference",
                "--data",
                "moons",
                "--blocks",
                "1",
                "--steps",
                "3",
                "--hidden",
                "8",
                "--depth",
                "2",
                "--batch",
                "16",
                "--pool",
                "64",
                "--log-every",
                "1",
                "--checkpoint-every",
                "3",
                "--no-plots",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        float[] rows = {0.1f, 1, -1, 0.9f, 0.5f, 2}; // (t, x₁, x₂) twice
        Path in = temp.resolve("in.csv");
        TableFormat.write(in, new DataMatrix(2, 3, rows));
        Path out = temp.resolve("v.npy");
        CommandLineRunner.Result result = CommandLineRunner.run(
                "velocity",
                "--backend",
                "reference",
                "--run",
                run.toString(),
                "--block",
                "2",
                "--in",
                in.toString(),
                "--out",
                out.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("{\"block\":2,\"points\":2,\"out\":\"" + out + "\"}", result.lastLine());

        Backend backend = new ReferenceBackend();
        try (FlowModel model = FlowModel.load(new RunFolder(run), backend);
                TensorArena arena = backend.newArena("expected")) {
            float[] expected = new float[4];
            for (int i = 0; i < 2; i++) {
                Tensor x = arena.allocate(Shape.matrix(1, 2));
                backend.fromHost(new float[] {rows[3 * i + 1], rows[3 * i + 2]}, x);
                float[] v = model.block(2)
                        .evaluate(Tape.inference(backend, arena), x, rows[3 * i])
                        .toFloats();
                System.arraycopy(v, 0, expected, 2 * i, 2);
            }
            assertArrayEquals(expected, TableFormat.read(out).values());
        }

        CommandLineRunner.Result badBlock = CommandLineRunner.run(
                "velocity",
                "--backend",
                "reference",
                "--run",
                run.toString(),
                "--block",
                "3",
                "--in",
                in.toString(),
                "--out",
                temp.resolve("w.csv").toString());
        assertEquals(2, badBlock.status(), badBlock.err());
        assertTrue(badBlock.err().contains("--block 3: the run has blocks 1..2"), badBlock.err());
        TableFormat.write(in, new DataMatrix(1, 2, new float[] {0.5f, 1}));
        CommandLineRunner.Result badColumns = CommandLineRunner.run(
                "velocity",
                "--backend",
                "reference",
                "--run",
                run.toString(),
                "--block",
                "1",
                "--in",
                in.toString(),
                "--out",
                temp.resolve("w.csv").toString());
        assertEquals(1, badColumns.status(), badColumns.err());
        assertTrue(
                badColumns.err().contains("expected 3 columns (t, then the run's D = 2), found 2"), badColumns.err());
        assertFalse(Files.exists(temp.resolve("w.csv")));
    }
}
