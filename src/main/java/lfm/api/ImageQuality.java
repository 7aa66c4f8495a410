package lfm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import lfm.classify.Classifier;
import lfm.data.DataMatrix;
import lfm.data.image.ImageDataset;
import lfm.data.image.ImageScaling;
import lfm.data.image.ImageSet;
import lfm.metrics.FeatureDistances;
import lfm.random.RandomKey;

/**
 * How good generated images are, measured in the features of the engine's own classifier (FID's
 * practice with a network that can be had here): FD_cls and KID of n generated images against n test
 * images, each beside its floors (n real training images against the test images: what a perfect
 * model would score; n N(0, I) noise images: what no model scores), the class histogram of the samples
 * as the classifier sees them, and optionally bits/dim of dequantised test images by the exact
 * likelihood path with a Hutchinson trace.
 */
public final class ImageQuality {
    /** Subsets and their size for KID (the usual 100 × 1,000 is too slow on a CPU; capped by n). */
    public static final int KID_SUBSETS = 10;

    public static final int KID_SUBSET_SIZE = 1000;

    private ImageQuality() {}

    /** FD_cls and KID of one set against the test images. */
    public record Distances(double frechet, FeatureDistances.Kid kid) {}

    /**
     * What {@link #measure} found: the distances, their floors and the class histograms.
     *
     * @param generated      samples against test images
     * @param realFloor      n training images against the same test images
     * @param noiseFloor     n N(0, I) images against the test images
     * @param generatedPredicted the classifier's class of each sample, in the samples' order
     * @param generatedClasses counts of the classifier's classes among the samples
     * @param testClasses    counts of the labels among the test images
     */
    public record Report(
            int images,
            Distances generated,
            Distances realFloor,
            Distances noiseFloor,
            int[] generatedPredicted,
            int[] generatedClasses,
            int[] testClasses) {}

    /** Bits/dim of dequantised test images: the NLL in nats per image and its conversion. */
    public record BitsPerDimension(
            double bitsPerDimension,
            double standardError,
            double meanNll,
            int images,
            String divergence,
            int probes,
            String solver) {}

    /** Measures {@code generated} (n × D in [−1, 1]) against n test and n training images of {@code data}. */
    public static Report measure(Classifier classifier, DataMatrix generated, ImageDataset data, long seed) {
        int n = generated.rows();
        ImageSet test = data.testImages(n, seed);
        ImageSet train = data.trainImages(n, seed + 1);
        double[][] testFeatures = classifier.features(ImageScaling.toUnitRange(test));
        double[][] generatedFeatures = classifier.features(generated);
        double[][] trainFeatures = classifier.features(ImageScaling.toUnitRange(train));
        double[][] noiseFeatures = classifier.features(noise(n, generated.cols(), seed));
        int[] generatedPredicted = classifier.predict(generated);
        int[] testClasses = test.labelled() ? histogram(test.labels(), classifier.classes()) : new int[0];
        return new Report(
                n,
                distances(generatedFeatures, testFeatures, seed),
                distances(trainFeatures, testFeatures, seed),
                distances(noiseFeatures, testFeatures, seed),
                generatedPredicted,
                histogram(generatedPredicted, classifier.classes()),
                testClasses);
    }

    /**
     * Bits/dim of {@code count} dequantised test images: log p of x = 2(v + u)/(M + 1) − 1 by change of
     * variables through every block, bpd = (NLL/D + ln((M + 1)/2)) / ln 2.
     */
    public static BitsPerDimension bitsPerDimension(
            Model model, ImageDataset data, int count, DensityOptions options, long seed) {
        DataMatrix points = ImageScaling.dequantized(data.testImages(count, seed), new RandomKey(seed, 0xDE0));
        LogDensities densities = model.logDensity(points, options);
        int dimension = points.cols();
        double mean = -densities.mean();
        double squares = 0;
        for (double value : densities.values()) {
            squares += (-value - mean) * (-value - mean);
        }
        double error = points.rows() > 1 ? Math.sqrt(squares / (points.rows() - 1) / points.rows()) : Double.NaN;
        return new BitsPerDimension(
                ImageScaling.bitsPerDimension(mean, dimension, data.maxValue()),
                error / dimension / Math.log(2),
                mean,
                points.rows(),
                densities.divergence(),
                options.probes(),
                densities.solver());
    }

    private static Distances distances(double[][] features, double[][] reference, long seed) {
        return new Distances(
                FeatureDistances.frechet(features, reference),
                FeatureDistances.kid(features, reference, KID_SUBSETS, KID_SUBSET_SIZE, seed));
    }

    /** n images of N(0, I) noise (the last block's input). */
    private static DataMatrix noise(int n, int dimension, long seed) {
        float[] values = new float[n * dimension];
        RandomKey key = new RandomKey(seed, 0x4015E);
        int[] words = new int[4];
        float[] four = new float[4];
        for (int k = 0; k < values.length; k++) {
            if ((k & 3) == 0) {
                lfm.random.Distributions.normalBlock(key, k >>> 2, words, four);
            }
            values[k] = four[k & 3];
        }
        return new DataMatrix(n, dimension, values);
    }

    private static int[] histogram(int[] classes, int count) {
        int[] counts = new int[count];
        for (int c : classes) {
            if (c >= 0 && c < count) {
                counts[c]++;
            }
        }
        return counts;
    }

    /**
     * Keeps an image evaluation's report (the JSON object of {@code lfm eval} on a UNet run: images with
     * FD_cls and KID beside their floors, bits_per_dim) with the run, as {@link Evaluator#evaluate} keeps
     * its result: eval.json (eval-distilled.json for the students), written atomically, and, where the run
     * has a TensorBoard log, its numbers as scalars at the run's last optimiser step. On a model shared by
     * the ranks of a job, rank 0 alone writes.
     */
    public static void keep(Model model, boolean distilled, ObjectNode report) throws IOException {
        if (model.collective().rank() == 0) {
            report.put("evaluated_at", Instant.now().toString());
            EvalRecords.saveImages(model.config(), model.folder(), distilled, report);
        }
    }

    /** "0:12 1:9 ..." for logs. */
    public static String histogramText(int[] counts) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            text.append(c == 0 ? "" : " ").append(c).append(':').append(counts[c]);
        }
        return text.isEmpty() ? "(no labels)" : text.toString();
    }
}
