package lfm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import lfm.api.DensityOptions;
import lfm.api.ImageQuality;
import lfm.api.Model;
import lfm.api.Samples;
import lfm.classify.Classifier;
import lfm.data.image.ImageDataset;

/**
 * The image part of {@code lfm eval}: FD_cls and KID of generated images in the classifier's features,
 * each beside its floors (real training vs test images; N(0, I) noise vs test images), the class
 * histogram of the samples, and with {@code --nll} bits/dim of dequantised test images (Hutchinson
 * trace; the probe count is printed).
 */
final class ImageEvaluation {
    private ImageEvaluation() {}

    static void run(
            Model model,
            ImageDataset data,
            Classifier classifier,
            int count,
            boolean distilled,
            String solver,
            boolean nll,
            int bpdImages,
            DensityOptions density,
            long seed,
            ObjectNode report)
            throws Exception {
        long start = System.nanoTime();
        Samples samples = distilled
                ? model.sampleDistilled(count, 1000, seed)
                : model.sample(count, solver, Model.DEFAULT_FIXED_STEPS, 1000, seed);
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
        ObjectNode images = report.putObject("images");
        images.put("count", quality.images());
        images.put("classifier_test_accuracy", classifier.testAccuracy());
        put(images.putObject("generated"), quality.generated());
        put(images.putObject("floor_train"), quality.realFloor());
        put(images.putObject("floor_noise"), quality.noiseFloor());
        histogram(images.putArray("generated_classes"), quality.generatedClasses());
        histogram(images.putArray("test_classes"), quality.testClasses());
        images.put("kid_subsets", quality.generated().kid().subsets());
        images.put("kid_subset_size", quality.generated().kid().subsetSize());
        if (nll) {
            ImageQuality.BitsPerDimension bpd = ImageQuality.bitsPerDimension(model, data, bpdImages, density, seed);
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
            out.put("of", distilled ? "teacher" : "model");
        }
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
