package lfm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forward through all trained blocks, then backward, returns the input. */
class RoundTripTest {

    @Test
    void forwardThenReverseReturnsTheInput(@TempDir Path temp) throws IOException {
        Backend backend = new ReferenceBackend();
        RunFolder folder = new RunFolder(temp.resolve("run"));
        new Trainer(backend, TinyRuns.config("lfm", List.of(0.2, 0.3), 30, 10), folder, TrainingListener.SILENT)
                .train(TinyRuns.eightGaussians(512, 3), false);
        try (FlowModel model = FlowModel.load(folder, backend);
                TensorArena arena = backend.newArena("test")) {
            DataMatrix heldOut = TinyRuns.eightGaussians(64, 99);
            Tensor x = arena.allocate(Shape.matrix(64, 2));
            backend.fromHost(heldOut.values(), x);
            OdeSolver solver = OdeSolver.parse("dopri5:1e-6,1e-6", 1);
            model.forward(x, 1, model.blockCount(), solver, 32, block -> {});
            float[] latent = x.toFloats();
            model.reverse(x, model.blockCount(), 1, solver, 32);
            Approx.assertClose("round trip", heldOut.values(), x.toFloats(), 1e-3, 1e-3);
            double moved = 0;
            for (int i = 0; i < latent.length; i++) {
                moved = Math.max(moved, Math.abs(latent[i] - heldOut.values()[i]));
            }
            assertTrue(moved > 0.1, "the blocks should move the points (moved " + moved + ")");
        }
    }

    @Test
    void unfinishedRunsAndMismatchedWeightsSayWhatIsWrong(@TempDir Path temp) throws IOException {
        Backend backend = new ReferenceBackend();
        RunFolder folder = new RunFolder(temp.resolve("run"));
        new Trainer(backend, TinyRuns.config("fm", List.of(), 10, 10), folder, TrainingListener.SILENT)
                .train(TinyRuns.eightGaussians(256, 3), false);
        assertEquals(1, FlowModel.load(folder, backend).blockCount());
        // Replace the weights with a wider network's: the load names the parameter and both shapes.
        RunFolder wider = new RunFolder(temp.resolve("wider"));
        var config = TinyRuns.config("fm", List.of(), 10, 10);
        RunConfig widerConfig = new RunConfig(
                2,
                null,
                config.spec().withModel(MlpSpec.defaults().withWidth(24).withDepth(2)));
        new Trainer(backend, widerConfig, wider, TrainingListener.SILENT).train(TinyRuns.eightGaussians(256, 3), false);
        Files.copy(wider.blockWeights(1), folder.blockWeights(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var error = assertThrows(IllegalArgumentException.class, () -> FlowModel.load(folder, backend));
        assertTrue(
                error.getMessage().contains("net.0.weight")
                        && error.getMessage().contains("[24, 3]"),
                error.getMessage());
        // Truncate it: a clear message naming the file.
        byte[] bytes = Files.readAllBytes(folder.blockWeights(1));
        Files.write(folder.blockWeights(1), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var truncated = assertThrows(IOException.class, () -> FlowModel.load(folder, backend));
        assertTrue(truncated.getMessage().contains("block-01.safetensors"), truncated.getMessage());
        Files.delete(folder.blockWeights(1));
        var missing = assertThrows(IllegalStateException.class, () -> FlowModel.load(folder, backend));
        assertTrue(missing.getMessage().contains("0 of 1"), missing.getMessage());
        assertEquals("fm", config.spec().flow().method());
    }
}
