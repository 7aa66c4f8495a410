package lfm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import lfm.api.EvalSpec;
import lfm.api.ImageQuality;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.classify.Classifier;
import lfm.data.DataMatrix;
import lfm.data.image.ImageDataset;

/**
 * The image part of {@code lfm eval}: FD_cls and KID of generated images in the classifier's features,
 * each beside its floors (real training vs test images; N(0, I) noise vs test images), the class
 * histogram of the samples, for a class-conditional run the class accuracy of the samples, and with
 * {@code --nll} bits/dim of dequantised test images (Hutchinson
 * trace; the probe count is printed).
 */
final class ImageEvaluation {
    private ImageEvaluation() {}

    /**
     * Measures {@code count} generated images (the whole test split's size when the CLI gives 0). A
     * class-conditional run generates them for the classes 0, 1, ..., K−1 in turn (with {@code
     * evaluation}'s guidance) and also reports its class accuracy: how often the classifier sees the
     * class each image was generated for.
     */
    static void run(
            Model model,
            ImageDataset data,
            Classifier classifier,
            int count,
            int bpdImages,
            EvalSpec evaluation,
            ObjectNode report)
            throws Exception {
        long seed = evaluation.seed();
        int classes = model.conditional() ? model.config().spec().condition().classes() : 0;
        DataMatrix labels = classes > 0 ? balancedLabels(count, classes) : null;
        long start = System.nanoTime();
        Samples samples = sample(model, count, labels, evaluation);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%nsamples: %,d images by %s, %d network evaluations per image, %.1f s%n",
                count,
                samples.method(),
                samples.evaluationsPerPoint(),
                seconds);
        ImageQuality.Report quality = ImageQuality.measure(classifier, samples.points(), data, seed);
        System.out.printf(
                Locale.ROOT,
                "in the features of the classifier %s (test accuracy %.4f), %,d images each:%n",
                classifier.source(),
                classifier.testAccuracy(),
                quality.images());
        System.out.printf(Locale.ROOT, "%-24s %12s %24s%n", "", "FD_cls", "KID (mean ± s.d.)");
        line("generated vs test", quality.generated());
        line("floor: train vs test", quality.realFloor());
        line("floor: noise vs test", quality.noiseFloor());
        System.out.println("classes of the samples: " + ImageQuality.histogramText(quality.generatedClasses()));
        System.out.println("classes of the test images: " + ImageQuality.histogramText(quality.testClasses()));
        ObjectNode generation = report.putObject("generation");
        generation.put("method", samples.method());
        generation.put("evaluations_per_point", samples.evaluationsPerPoint());
        generation.put("seconds", seconds);
        if (labels != null && evaluation.guidance() != null) {
            generation.put("guidance", evaluation.guidance());
        }
        ObjectNode images = report.putObject("images");
        if (labels != null) {
            classAccuracy(quality.generatedPredicted(), labels, classes, images);
        }
        images.put("count", quality.images());
        images.put("classifier_test_accuracy", classifier.testAccuracy());
        put(images.putObject("generated"), quality.generated());
        put(images.putObject("floor_train"), quality.realFloor());
        put(images.putObject("floor_noise"), quality.noiseFloor());
        histogram(images.putArray("generated_classes"), quality.generatedClasses());
        histogram(images.putArray("test_classes"), quality.testClasses());
        images.put("kid_subsets", quality.generated().kid().subsets());
        images.put("kid_subset_size", quality.generated().kid().subsetSize());
        if (evaluation.likelihood()) {
            ImageQuality.BitsPerDimension bpd =
                    ImageQuality.bitsPerDimension(model, data, bpdImages, evaluation.density(), seed);
            System.out.printf(
                    Locale.ROOT,
                    "%nbits/dim: %.4f ± %.4f (%,d dequantised test images, NLL %.2f nats per "
                            + "image; %s trace with %d probe(s) per image, %s)%n",
                    bpd.bitsPerDimension(),
                    bpd.standardError(),
                    bpd.images(),
                    bpd.meanNll(),
                    bpd.divergence(),
                    bpd.probes(),
                    bpd.solver());
            ObjectNode out = report.putObject("bits_per_dim");
            out.put("mean", bpd.bitsPerDimension());
            out.put("standard_error", bpd.standardError());
            out.put("images", bpd.images());
            out.put("nll_nats", bpd.meanNll());
            out.put("divergence", bpd.divergence());
            out.put("probes", bpd.probes());
            out.put("solver", bpd.solver());
            out.put("of", evaluation.distilled() ? "teacher" : "model");
        }
    }

    /** Unconditional samples, or one per label row of a class-conditional run (teacher or students). */
    private static Samples sample(Model model, int count, DataMatrix labels, EvalSpec evaluation) throws IOException {
        int chunk = 1000;
        if (labels == null) {
            return evaluation.distilled()
                    ? model.sampleDistilled(count, chunk, evaluation.seed())
                    : model.sample(count, evaluation.solver(), Model.DEFAULT_FIXED_STEPS, chunk, evaluation.seed());
        }
        return evaluation.distilled()
                ? model.sampleDistilled(labels, chunk, evaluation.seed())
                : model.sample(
                        labels,
                        evaluation.guidance(),
                        evaluation.solver(),
                        Model.DEFAULT_FIXED_STEPS,
                        chunk,
                        evaluation.seed());
    }

    /** Labels 0, 1, ..., K−1, 0, 1, ... for n images: (n, 1), as equal a share per class as n allows. */
    static DataMatrix balancedLabels(int n, int classes) {
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return new DataMatrix(n, 1, labels);
    }

    /**
     * The share of generated images the classifier puts in the class they were generated for, overall and
     * per class (an accuracy of 1/K is what ignoring the condition scores).
     */
    private static void classAccuracy(int[] predicted, DataMatrix labels, int classes, ObjectNode images) {
        int[] right = new int[classes];
        int[] asked = new int[classes];
        for (int i = 0; i < predicted.length; i++) {
            int label = (int) labels.get(i, 0);
            asked[label]++;
            right[label] += predicted[i] == label ? 1 : 0;
        }
        StringBuilder perClass = new StringBuilder();
        ArrayNode perClassJson = images.putArray("class_accuracy_per_class");
        for (int k = 0; k < classes; k++) {
            double accuracy = asked[k] == 0 ? Double.NaN : (double) right[k] / asked[k];
            perClass.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%d:%.3f", k, accuracy));
            perClassJson.add(accuracy);
        }
        double overall = (double) Arrays.stream(right).sum() / predicted.length;
        System.out.printf(
                Locale.ROOT,
                "class accuracy of the samples (the classifier's class is the one asked for): %.4f (chance %.4f)%n"
                        + "  per class: %s%n",
                overall,
                1.0 / classes,
                perClass);
        images.put("class_accuracy", overall);
    }

    private static void line(String name, ImageQuality.Distances distances) {
        System.out.printf(
                Locale.ROOT,
                "%-24s %12.4f %14.5f ± %.5f%n",
                name,
                distances.frechet(),
                distances.kid().mean(),
                distances.kid().standardDeviation());
    }

    private static void put(ObjectNode node, ImageQuality.Distances distances) {
        node.put("fd_cls", distances.frechet());
        node.put("kid_mean", distances.kid().mean());
        node.put("kid_sd", distances.kid().standardDeviation());
    }

    private static void histogram(ArrayNode array, int[] counts) {
        for (int count : counts) {
            array.add(count);
        }
    }
}
