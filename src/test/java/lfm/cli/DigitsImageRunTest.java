package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lfm.api.ProgressListener;
import lfm.api.Training;
import lfm.backend.Backends;
import lfm.config.TrainSpec;
import lfm.flow.Schedule;
import lfm.nn.ImageShape;
import lfm.plot.ImageGrids;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.RunFolder;
import lfm.tensorboard.EventFileReader;
import lfm.tensorboard.proto.EventProtos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Images end to end on generated 8×8 "digits" (blobs in four places, one class each, in scikit-learn's
 * digits CSV): the digits-t8 UNet with 2 OU blocks + the free block, 150 steps each at batch 64; the
 * loss falls, samples.png has the grid's size, the classifier learns the classes, FD_cls of the samples
 * is below 0.3× the noise floor, bits/dim beat the uniform density, distillation and eval --distilled run,
 * and a run stopped in the middle of block 2 resumes to the same weights.
 */
class DigitsImageRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    /** n blob images, class c at centre c of (2, 2), (2, 5), (5, 2), (5, 5), jittered, values 0–16. */
    static Path blobDigits(Path file, int n) throws IOException {
        int[][] centres = {{2, 2}, {2, 5}, {5, 2}, {5, 5}};
        RandomKey key = new RandomKey(17, 3);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 4;
            double cy = centres[label][0] + 0.3 * Distributions.normal(key, 3L * i);
            double cx = centres[label][1] + 0.3 * Distributions.normal(key, 3L * i + 1);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    double value = 16 * Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / 2);
                    rows.append(Math.round(Math.min(16, value))).append(',');
                }
            }
            rows.append(label).append('\n');
        }
        Files.writeString(file, rows);
        return file;
    }

    private static String[] trainArgs(Path data, Path out) {
        return new String[] {
            "train",
            "--data",
            "digits:" + data,
            "--preset",
            "digits-t8",
            "--gammas",
            "0.1,0.15",
            "--steps",
            "150",
            "--batch",
            "64",
            "--warmup",
            "20",
            "--ema",
            "0.9",
            "--push-solver",
            "rk4:4",
            "--sample-solver",
            "rk4:4",
            "--log-every",
            "25",
            "--checkpoint-every",
            "50",
            "--seed",
            "5",
            "--backend",
            "cpu",
            "--out",
            out.toString()
        };
    }

    @Test
    void digitsTrainSampleMeasureDistilAndResume() throws Exception {
        Path data = blobDigits(folder.resolve("blobs.csv"), 600);
        Path run = folder.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(trainArgs(data, run));
        assertEquals(0, trained.status(), trained.err());

        List<String> losses = Files.readAllLines(run.resolve("loss.csv"));
        double first = Double.parseDouble(losses.get(1).split(",")[2]);
        double last = Double.parseDouble(losses.get(6).split(",")[2]);
        assertTrue(losses.get(6).startsWith("1,150,") && last < 0.7 * first, "block 1 loss " + first + " → " + last);

        BufferedImage samples = ImageIO.read(run.resolve("samples.png").toFile());
        int[] size = ImageGrids.samplesSize(new ImageShape(8, 8, 1), 8);
        assertEquals(size[0], samples.getWidth());
        assertEquals(size[1], samples.getHeight());
        assertTrue(Files.exists(run.resolve("blocks.png")));

        Path classifier = folder.resolve("classifier.safetensors");
        CommandLineRunner.Result classified = CommandLineRunner.run(
                "classifier",
                "train",
                "--data",
                "digits:" + data,
                "--steps",
                "150",
                "--batch",
                "64",
                "--backend",
                "cpu",
                "--out",
                classifier.toString());
        assertEquals(0, classified.status(), classified.err());
        assertTrue(lastJson(classified).get("test_accuracy").asDouble() >= 0.9, classified.out());

        CommandLineRunner.Result evaluated = CommandLineRunner.run(
                "eval",
                "--run",
                run.toString(),
                "--classifier",
                classifier.toString(),
                "--n",
                "200",
                "--nll",
                "--bpd-images",
                "16",
                "--divergence",
                "hutchinson",
                "--nll-steps",
                "21",
                "--backend",
                "cpu");
        assertEquals(0, evaluated.status(), evaluated.err());
        // Bits/dim through the UNet blocks (Hutchinson trace by vector–Jacobian products): a model that
        // learned anything beats the uniform density over the 17 levels, log2(17) = 4.09 bits/dim.
        JsonNode bitsPerDim = lastJson(evaluated).get("bits_per_dim");
        double bpd = bitsPerDim.get("mean").asDouble();
        System.out.println("digits-t8 bits/dim: " + bitsPerDim);
        assertTrue(bpd > 0 && bpd < Math.log(17) / Math.log(2), "bits/dim " + bitsPerDim + "\n" + evaluated.out());
        assertEquals(16, bitsPerDim.get("images").asInt());
        JsonNode images = lastJson(evaluated).get("images");
        double generated = images.at("/generated/fd_cls").asDouble();
        double noise = images.at("/floor_noise/fd_cls").asDouble();
        assertTrue(
                generated < 0.3 * noise, "FD_cls " + generated + " vs noise floor " + noise + "\n" + evaluated.out());
        keepsTheRunRecords(run, images);

        CommandLineRunner.Result distilled = CommandLineRunner.run(
                "distill",
                "--run",
                run.toString(),
                "--pairs",
                "256",
                "--steps",
                "20",
                "--batch",
                "64",
                "--teacher-solver",
                "rk4:4",
                "--backend",
                "cpu");
        assertEquals(0, distilled.status(), distilled.err());
        CommandLineRunner.Result distilledEval = CommandLineRunner.run(
                "eval",
                "--run",
                run.toString(),
                "--distilled",
                "--classifier",
                classifier.toString(),
                "--n",
                "100",
                "--backend",
                "cpu");
        assertEquals(0, distilledEval.status(), distilledEval.err());
        assertEquals(
                3,
                lastJson(distilledEval).at("/generation/evaluations_per_point").asInt());
        assertEquals(
                3,
                JSON.readTree(new RunFolder(run).evalResult(true).toFile())
                        .at("/generation/evaluations_per_point")
                        .asInt(),
                "eval-distilled.json keeps the students' evaluation");

        CommandLineRunner.Result sampled = CommandLineRunner.run(
                "sample",
                "--run",
                run.toString(),
                "--n",
                "10",
                "--format",
                "png-dir",
                "--out",
                folder.resolve("pngs").toString(),
                "--backend",
                "cpu");
        assertEquals(0, sampled.status(), sampled.err());
        assertEquals(10, Files.list(folder.resolve("pngs")).count());

        resumesMidBlockToTheSameWeights(data, run);
    }

    /**
     * train.json says complete; eval.json holds the image metrics with their floors, as printed; the
     * TensorBoard log has the loss, the samples grid as an image and the image metrics as eval scalars.
     */
    private static void keepsTheRunRecords(Path run, JsonNode printed) throws IOException {
        RunFolder records = new RunFolder(run);
        assertEquals(
                "complete",
                JSON.readTree(records.trainRecord().toFile()).get("status").asText());
        JsonNode kept = JSON.readTree(records.evalResult(false).toFile());
        assertEquals(printed, kept.get("images"), "eval.json keeps what eval printed");
        assertTrue(kept.at("/images/floor_train/fd_cls").isNumber()
                && kept.at("/images/floor_noise/kid_mean").isNumber());
        Set<String> tags = new TreeSet<>();
        try (Stream<Path> files = Files.list(records.tensorBoard())) {
            for (Path file : files.toList()) {
                for (Event event : EventFileReader.read(file)) {
                    event.getSummary().getValueList().forEach(value -> tags.add(value.getTag()));
                }
            }
        }
        for (String tag : List.of(
                "run/loss",
                "figures/samples",
                "figures/blocks",
                "eval/fd_cls",
                "eval/kid_mean",
                "eval_floor/fd_cls",
                "eval_floor_noise/fd_cls")) {
            assertTrue(tags.contains(tag), tag + " in " + tags);
        }
    }

    /** Stopped at step 75 of block 2 and resumed: blocks 1 and 2 are the uninterrupted run's, byte for byte. */
    private void resumesMidBlockToTheSameWeights(Path data, Path straight) throws Exception {
        Path interrupted = folder.resolve("interrupted");
        TrainSpec spec = parse(trainArgs(data, interrupted)).withRun(r -> r.withPlots(false));
        class Stop extends RuntimeException {}
        ProgressListener stopInBlockTwo = new ProgressListener() {
            @Override
            public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double rate) {
                if (block.index() == 2 && step == 75) {
                    throw new Stop();
                }
            }
        };
        assertThrows(
                Stop.class, () -> Training.plan(spec).run(() -> Backends.create("cpu", 0, line -> {}), stopInBlockTwo));
        ProgressListener stopAfterBlockTwo = new ProgressListener() {
            @Override
            public void blockFinished(Schedule.Block block, double train, double push, lfm.flow.ode.SolveStats stats) {
                if (block.index() == 2) {
                    throw new Stop();
                }
            }
        };
        assertThrows(
                Stop.class,
                () -> Training.resume(interrupted).run(() -> Backends.create("cpu", 0, line -> {}), stopAfterBlockTwo));
        RunFolder done = new RunFolder(straight);
        RunFolder resumed = new RunFolder(interrupted);
        for (int block = 1; block <= 2; block++) {
            assertArrayEquals(
                    Files.readAllBytes(done.blockWeights(block)),
                    Files.readAllBytes(resumed.blockWeights(block)),
                    "block " + block + " weights differ after the resume");
        }
    }

    private static TrainSpec parse(String[] args) {
        TrainCommand command = new TrainCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
        command.spec = commandLine.getCommandSpec();
        return command.trainSpec(command.preset == null ? null : lfm.config.Presets.named(command.preset));
    }

    private static JsonNode lastJson(CommandLineRunner.Result result) throws IOException {
        List<String> lines = result.out().lines().toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }
}
