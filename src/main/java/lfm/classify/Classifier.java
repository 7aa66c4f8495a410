package lfm.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import lfm.autograd.Classification;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.data.image.ImageScaling;
import lfm.data.image.ImageSet;
import lfm.io.ModuleWeights;
import lfm.io.SafeTensors;
import lfm.nn.ImageShape;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A trained {@link ImageClassifier} with its test accuracy: trains by Adam on softmax cross-entropy at a
 * cosine-decayed rate,
 * extracts features and predicts classes in chunks, and lives in one safetensors file whose metadata
 * holds the image shape, the class count, the data set and the test accuracy.
 */
public final class Classifier implements AutoCloseable {
    /** Rows per chunk when extracting features (bounds the scratch memory of one forward pass). */
    private static final int CHUNK = 256;

    private final Backend backend;
    private final TensorArena arena;
    private final ImageClassifier network;
    private final Map<String, String> metadata;

    private Classifier(Backend backend, TensorArena arena, ImageClassifier network, Map<String, String> metadata) {
        this.backend = backend;
        this.arena = arena;
        this.network = network;
        this.metadata = metadata;
    }

    /**
     * Trains on {@code train} (labelled images) for {@code steps} Adam steps of {@code batch} random images,
     * step s at rate lr·½(1 + cos(π·s/steps)) (lr = {@code learningRate}, decaying to 0 at the last step),
     * then measures the accuracy on {@code test}.
     *
     * @param progress told the step number every 100 steps
     */
    public static Classifier train(
            Backend backend,
            String source,
            ImageSet train,
            ImageSet test,
            int steps,
            int batch,
            double learningRate,
            long seed,
            IntConsumer progress) {
        if (!train.labelled() || !test.labelled()) {
            throw new IllegalArgumentException(source + " has no labels: a classifier needs labelled images");
        }
        int classes = Math.max(train.classCount(), test.classCount());
        TensorArena arena = backend.newArena("classifier");
        ImageClassifier network = new ImageClassifier(train.shape(), classes, arena, new RandomStream(seed, 77));
        DataMatrix scaled = ImageScaling.toUnitRange(train);
        Adam adam = new Adam(network.parameters(), new AdamConfig(0.9f, 0.999f, 1e-8f, 0f, false), arena);
        Tensor x = arena.allocate(Shape.matrix(batch, train.shape().size()));
        Tensor oneHot = arena.allocate(Shape.matrix(batch, classes));
        RandomStream draws = new RandomStream(Distributions.mix(seed, 0xC1A55), 0);
        try (TensorArena scratch = backend.newArena("classifier-step")) {
            for (int step = 0; step < steps; step++) {
                fillBatch(scaled, train.labels(), draws.next(), x, oneHot, classes, backend);
                Tape tape = Tape.recording(backend, scratch);
                network.zeroGrad();
                tape.backward(Classification.softmaxCrossEntropy(tape, network.logits(tape, tape.constant(x)), oneHot));
                adam.step(cosineRate(learningRate, step, steps));
                scratch.reset();
                if ((step + 1) % 100 == 0) {
                    progress.accept(step + 1);
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "lfm-engine image classifier");
        metadata.put("height", "" + train.shape().height());
        metadata.put("width", "" + train.shape().width());
        metadata.put("channels", "" + train.shape().channels());
        metadata.put("classes", "" + classes);
        metadata.put("data", source);
        metadata.put("steps", "" + steps);
        Classifier classifier = new Classifier(backend, arena, network, metadata);
        metadata.put("test_accuracy", Double.toString(classifier.accuracy(test)));
        return classifier;
    }

    /** lr·½(1 + cos(π·step/steps)): lr at step 0, near 0 at the end, the largest changes in between. */
    static double cosineRate(double learningRate, int step, int steps) {
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * step / steps));
    }

    /** Random rows (with replacement) and their one-hot labels. */
    private static void fillBatch(
            DataMatrix images, int[] labels, RandomKey key, Tensor x, Tensor oneHot, int classes, Backend backend) {
        int batch = x.rows();
        int size = images.cols();
        float[] rows = new float[batch * size];
        float[] targets = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            int row = Distributions.uniformIndex(key, i, images.rows());
            System.arraycopy(images.values(), row * size, rows, i * size, size);
            targets[i * classes + labels[row]] = 1f;
        }
        backend.fromHost(rows, x);
        backend.fromHost(targets, oneHot);
    }

    /** Writes the weights and metadata (atomically). */
    public void save(Path file) throws IOException {
        SafeTensors.write(file, ModuleWeights.export(network, ""), metadata);
    }

    /** Reads a classifier written by {@link #save}; anything else fails with one line naming the file. */
    public static Classifier load(Path file, Backend backend) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        if (!"lfm-engine image classifier".equals(metadata.get("format"))) {
            throw new IOException(file + ": not an image classifier of lfm classifier train (no such metadata)");
        }
        ImageShape shape = new ImageShape(
                Integer.parseInt(metadata.get("height")),
                Integer.parseInt(metadata.get("width")),
                Integer.parseInt(metadata.get("channels")));
        TensorArena arena = backend.newArena("classifier");
        ImageClassifier network =
                new ImageClassifier(shape, Integer.parseInt(metadata.get("classes")), arena, new RandomStream(0, 77));
        ModuleWeights.load(network, "", contents.tensors(), file);
        return new Classifier(backend, arena, network, metadata);
    }

    public ImageShape image() {
        return network.image();
    }

    public int classes() {
        return network.classes();
    }

    /** The accuracy on the test split measured after training (NaN if unknown). */
    public double testAccuracy() {
        return Double.parseDouble(metadata.getOrDefault("test_accuracy", "NaN"));
    }

    public String source() {
        return metadata.getOrDefault("data", "?");
    }

    /** Penultimate-layer features of points in [−1, 1] (N, D) → (N, {@value ImageClassifier#FEATURES}), in double. */
    public double[][] features(DataMatrix points) {
        double[][] features = new double[points.rows()][];
        forChunks(points, false, (from, values) -> {
            int width = ImageClassifier.FEATURES;
            for (int i = 0; i < values.length / width; i++) {
                double[] row = new double[width];
                for (int j = 0; j < width; j++) {
                    row[j] = values[i * width + j];
                }
                features[from + i] = row;
            }
        });
        return features;
    }

    /** The most likely class of each point. */
    public int[] predict(DataMatrix points) {
        int[] classes = new int[points.rows()];
        forChunks(points, true, (from, values) -> {
            int k = classes();
            for (int i = 0; i < values.length / k; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    best = values[i * k + c] > values[i * k + best] ? c : best;
                }
                classes[from + i] = best;
            }
        });
        return classes;
    }

    /** The fraction of {@code images} whose predicted class is their label. */
    public double accuracy(ImageSet images) {
        int[] predicted = predict(ImageScaling.toUnitRange(images));
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == images.labels()[i] ? 1 : 0;
        }
        return (double) right / predicted.length;
    }

    private interface ChunkSink {
        void accept(int from, float[] values);
    }

    private void forChunks(DataMatrix points, boolean logits, ChunkSink sink) {
        if (points.cols() != image().size()) {
            throw new IllegalArgumentException("the classifier takes " + image() + " images (D = " + image().size()
                    + "), got points of D = " + points.cols());
        }
        try (TensorArena scratch = backend.newArena("classifier-features")) {
            for (int from = 0; from < points.rows(); from += CHUNK) {
                int count = Math.min(CHUNK, points.rows() - from);
                Tensor x = scratch.allocate(Shape.matrix(count, points.cols()));
                backend.fromHost(
                        java.util.Arrays.copyOfRange(
                                points.values(), from * points.cols(), (from + count) * points.cols()),
                        x);
                Tape tape = Tape.inference(backend, scratch);
                Variable out =
                        logits ? network.logits(tape, tape.constant(x)) : network.features(tape, tape.constant(x));
                sink.accept(from, backend.toHost(out.value()));
                scratch.reset();
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
