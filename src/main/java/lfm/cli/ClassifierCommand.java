package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.classify.Classifier;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.image.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm classifier train}: trains the small CNN whose features {@code lfm eval --classifier} measures
 * generated images in (FD_cls, KID), and prints its test accuracy.
 */
@Command(
        name = "classifier",
        mixinStandardHelpOptions = true,
        subcommands = ClassifierCommand.Train.class,
        description = "The image classifier of the image metrics (FD_cls, KID, class histograms).")
final class ClassifierCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: lfm classifier train ...");
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Train the image classifier on a labelled image data set; report its test accuracy.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BackendOptions backendOptions;

        @Option(
                names = "--data",
                required = true,
                description = "labelled image data: fashion-mnist[:DIR], mnist:DIR, " + "cifar10:DIR, digits[:FILE]")
        String data;

        @Option(names = "--out", required = true, description = "the classifier file to write (.safetensors)")
        Path out;

        @Option(names = "--steps", defaultValue = "2000", description = "Adam steps (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--lr", defaultValue = "2e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description = "seed of the weights and batches (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (steps < 1 || batch < 1 || !(learningRate > 0)) {
                throw new ParameterException(spec.commandLine(), "--steps and --batch must be ≥ 1, --lr > 0");
            }
            Dataset dataset = SpecOptions.usageErrors(spec, () -> Datasets.open(data));
            if (!(dataset instanceof ImageDataset images)) {
                throw new ParameterException(spec.commandLine(), "--data " + data + " is not an image data set");
            }
            long start = System.nanoTime();
            try (Backend backend = backendOptions.open();
                    Classifier classifier = Classifier.train(
                            backend,
                            data,
                            images.trainImages(0, seed),
                            images.testImages(0, seed),
                            steps,
                            batch,
                            learningRate,
                            seed,
                            step -> System.err.printf(Locale.ROOT, "classifier step %d/%d%n", step, steps))) {
                classifier.save(out);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "classifier of %s (%d classes) written to %s: test accuracy %.4f%n",
                        data,
                        classifier.classes(),
                        out,
                        classifier.testAccuracy());
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("classifier", out.toString());
                json.put("data", data);
                json.put("classes", classifier.classes());
                json.put("steps", steps);
                json.put("test_accuracy", classifier.testAccuracy());
                json.put("seconds", Math.round(seconds * 10) / 10.0);
                System.out.println(new ObjectMapper().writeValueAsString(json));
            }
            return 0;
        }
    }
}
