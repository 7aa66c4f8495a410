package lfm.classify;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.nn.Conv2d;
import lfm.nn.ImageShape;
import lfm.nn.Linear;
import lfm.nn.Module;
import lfm.nn.Parameter;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The small CNN whose features the image metrics use (in place of Inception-v3, which cannot be had
 * here), built from the engine's own ops. x (N, H·W·C) in NHWC order →
 * <pre>
 *   conv3×3 C→16, SiLU;  conv3×3 stride 2 16→32, SiLU;  conv3×3 stride 2 32→64, SiLU
 *   mean over pixels (N, 64);  features = SiLU(Linear 64→64) (N, 64);  logits = Linear 64→K
 * </pre>
 * The pixel mean is a product with a constant (N, N·P) matrix of 1/P blocks, so it needs no op of its own.
 */
public final class ImageClassifier implements Module {
    /** Width of the feature layer (the penultimate layer). */
    public static final int FEATURES = 64;

    private final ImageShape image;
    private final int classes;
    private final Conv2d first;
    private final Conv2d second;
    private final Conv2d third;
    private final Linear hidden;
    private final Linear output;

    public ImageClassifier(ImageShape image, int classes, TensorArena arena, RandomStream random) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.image = image;
        this.classes = classes;
        this.first = new Conv2d("conv1", image.channels(), 16, 3, 1, false, false, arena, random);
        this.second = new Conv2d("conv2", 16, 32, 3, 2, false, false, arena, random);
        this.third = new Conv2d("conv3", 32, 64, 3, 2, false, false, arena, random);
        this.hidden = new Linear("hidden", 64, FEATURES, arena, random);
        this.output = new Linear("output", FEATURES, classes, arena, random);
    }

    public ImageShape image() {
        return image;
    }

    public int classes() {
        return classes;
    }

    /** The penultimate layer: x (N, D) → (N, {@value #FEATURES}). */
    public Variable features(Tape tape, Variable x) {
        int batch = x.rows();
        Variable h = ImageFunctions.reshape(tape, x, Shape.matrix(batch * image.pixels(), image.channels()));
        int height = image.height();
        int width = image.width();
        h = Functions.activation(tape, first.forward(tape, h, batch, height, width, null), Activation.SILU);
        var geometry = second.geometry(batch, height, width);
        h = Functions.activation(tape, second.forward(tape, h, batch, height, width, null), Activation.SILU);
        height = geometry.outHeight();
        width = geometry.outWidth();
        geometry = third.geometry(batch, height, width);
        h = Functions.activation(tape, third.forward(tape, h, batch, height, width, null), Activation.SILU);
        int pixels = geometry.outHeight() * geometry.outWidth();
        Variable pooled = Functions.matmul(tape, tape.constant(poolingMatrix(tape, batch, pixels)), false, h, false);
        return hidden.forward(tape, pooled, Activation.SILU);
    }

    /** Class scores: x (N, D) → (N, K). */
    public Variable logits(Tape tape, Variable x) {
        return output.forward(tape, features(tape, x), Activation.IDENTITY);
    }

    /** (N, N·P): row b holds 1/P over columns [b·P, (b + 1)·P). */
    private static Tensor poolingMatrix(Tape tape, int batch, int pixels) {
        Tensor matrix = tape.allocate(Shape.matrix(batch, batch * pixels));
        float[] values = new float[batch * batch * pixels];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(values, b * batch * pixels + b * pixels, b * batch * pixels + (b + 1) * pixels,
                    1f / pixels);
        }
        tape.backend().fromHost(values, matrix);
        return matrix;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Module layer : List.of(first, second, third, hidden, output)) {
            all.addAll(layer.parameters());
        }
        return all;
    }
}
