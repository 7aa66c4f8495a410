package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import lfm.api.Model;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;
import lfm.classify.Classifier;
import lfm.data.DataMatrix;
import lfm.io.SafeTensors;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class-conditional UNet end to end on the generated 8×8 blob "digits" of {@link DigitsImageRunTest}
 * (class k is a blob at the k-th of four places): the image labels are the condition
 * ({@code --condition-columns label --condition-classes 4}), trained with condition dropout 0.1 for
 * classifier-free guidance, one OU block + the free block × 150 steps at batch 64. Then
 * <ul>
 *   <li>the block file holds label_emb.weight, (4 + 1) × 64;</li>
 *   <li>images generated for class k are classified as k by the engine's own classifier (trained on the
 *       same data) at least 90% of the time, for every k (the counts are printed);</li>
 *   <li>guidance w = 0 is the run's unconditional model v(x, t, ∅) bit for bit, and w = 1 differs;</li>
 *   <li>{@code lfm eval --classifier} on the run generates 20 images per class and reports their class
 *       accuracy (≥ 0.9) overall and per class;</li>
 *   <li>{@code lfm sample --class K --guidance w} writes images.</li>
 * </ul>
 */
class ConditionalImageRunTest {
    private static final int CLASSES = 4;

    @TempDir
    Path folder;

    @Test
    void imagesOfClassKAreClassifiedAsK() throws Exception {
        Path data = DigitsImageRunTest.blobDigits(folder.resolve("blobs.csv"), 600);
        Path run = folder.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--data",
                "digits:" + data,
                "--preset",
                "digits-t8",
                "--gammas",
                "0.1",
                "--steps",
                "150",
                "--batch",
                "64",
                "--warmup",
                "20",
                "--ema",
                "0.9",
                "--condition-columns",
                "label",
                "--condition-classes",
                "" + CLASSES,
                "--condition-dropout",
                "0.1",
                "--push-solver",
                "rk4:4",
                "--sample-solver",
                "rk4:4",
                "--seed",
                "5",
                "--backend",
                "cpu",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        assertTrue(Files.exists(run.resolve("samples.png")));
        assertArrayEquals(
                new int[] {CLASSES + 1, 64},
                SafeTensors.read(new RunFolder(run).blockWeights(2))
                        .tensors()
                        .get("label_emb.weight")
                        .shape());

        Path classifierFile = folder.resolve("classifier.safetensors");
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
                classifierFile.toString());
        assertEquals(0, classified.status(), classified.err());

        int perClass = 50;
        try (Backend backend = new CpuBackend(0);
                Model model = Model.load(run, backend);
                Classifier classifier = Classifier.load(classifierFile, backend)) {
            for (int k = 0; k < CLASSES; k++) {
                DataMatrix labels = DataMatrix.repeatRow(new float[] {k}, perClass);
                int[] predicted = classifier.predict(
                        model.sample(labels, null, "rk4:4", 4, 1000, 11 + k).points());
                int right = 0;
                for (int p : predicted) {
                    right += p == k ? 1 : 0;
                }
                System.out.printf("class %d: %d of %d generated images classified as %d%n", k, right, perClass, k);
                assertTrue(
                        right >= 0.9 * perClass,
                        "class " + k + ": " + right + " of " + perClass + " generated images classified as " + k + " ("
                                + Arrays.toString(predicted) + ")");
            }
            DataMatrix three = DataMatrix.repeatRow(new float[] {3}, 20);
            float[] unconditional =
                    model.sample(20, "rk4:4", 4, 1000, 7).points().values();
            float[] guidedZero =
                    model.sample(three, 0f, "rk4:4", 4, 1000, 7).points().values();
            for (int i = 0; i < unconditional.length; i++) {
                assertEquals(
                        Float.floatToRawIntBits(unconditional[i]),
                        Float.floatToRawIntBits(guidedZero[i]),
                        "value " + i);
            }
            assertFalse(Arrays.equals(
                    unconditional,
                    model.sample(three, 1f, "rk4:4", 4, 1000, 7).points().values()));
        }

        CommandLineRunner.Result evaluated = CommandLineRunner.run(
                "eval",
                "--run",
                run.toString(),
                "--classifier",
                classifierFile.toString(),
                "--n",
                "80",
                "--solver",
                "rk4:4",
                "--backend",
                "cpu");
        assertEquals(0, evaluated.status(), evaluated.err());
        JsonNode images = new ObjectMapper().readTree(evaluated.lastLine()).get("images");
        assertTrue(images.get("class_accuracy").asDouble() >= 0.9, evaluated.out());
        assertEquals(CLASSES, images.get("class_accuracy_per_class").size());

        CommandLineRunner.Result sampled = CommandLineRunner.run(
                "sample",
                "--run",
                run.toString(),
                "--class",
                "2",
                "--guidance",
                "2",
                "--n",
                "6",
                "--format",
                "png-dir",
                "--out",
                folder.resolve("class2").toString(),
                "--backend",
                "cpu");
        assertEquals(0, sampled.status(), sampled.err());
        assertEquals(6, Files.list(folder.resolve("class2")).count());
    }
}
