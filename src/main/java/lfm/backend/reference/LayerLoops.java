package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;
import static lfm.backend.reference.Elements.store;

import lfm.backend.Activation;
import lfm.backend.MatrixBatch;
import lfm.backend.TimeEmbedding;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * The UNet's non-convolution ops as plain loops in double, written against the formulas in
 * {@link lfm.backend.Backend}: group normalisation, the per-sample channel bias, row softmax, the
 * strided batched product, dropout and the timestep embedding.
 */
final class LayerLoops {
    private LayerLoops() {}

    // ---------------------------------------------------------------- group normalisation

    /** dims = {B, P, G}. */
    static void groupNorm(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float epsilon,
            Activation activation,
            Tensor out,
            Tensor mean,
            Tensor inverseStd,
            int[] dims) {
        int pixels = dims[1], groups = dims[2];
        int channels = x.cols(), width = channels / groups;
        for (int b = 0; b < dims[0]; b++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                for (int p = 0; p < pixels; p++) {
                    for (int c = g * width; c < (g + 1) * width; c++) {
                        sum += get(x, b * pixels + p, c);
                    }
                }
                double count = (double) pixels * width;
                double mu = sum / count;
                double squares = 0;
                for (int p = 0; p < pixels; p++) {
                    for (int c = g * width; c < (g + 1) * width; c++) {
                        double centred = get(x, b * pixels + p, c) - mu;
                        squares += centred * centred;
                    }
                }
                double r = 1 / Math.sqrt(squares / count + epsilon);
                set(mean, b, g, mu);
                set(inverseStd, b, g, r);
                for (int p = 0; p < pixels; p++) {
                    for (int c = g * width; c < (g + 1) * width; c++) {
                        int row = b * pixels + p;
                        double pre = get(gamma, c) * (get(x, row, c) - mu) * r + get(beta, c);
                        set(out, row, c, activation.apply(pre));
                    }
                }
            }
        }
    }

    static void groupNormBackward(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            Tensor mean,
            Tensor inverseStd,
            Activation activation,
            Tensor gradOut,
            Tensor gradInput,
            boolean accumulate,
            Tensor gradGamma,
            Tensor gradBeta,
            int[] dims) {
        int pixels = dims[1], groups = dims[2];
        int channels = x.cols(), width = channels / groups;
        double[] gammaTotals = new double[channels];
        double[] betaTotals = new double[channels];
        double count = (double) pixels * width;
        for (int b = 0; b < dims[0]; b++) {
            for (int g = 0; g < groups; g++) {
                double mu = get(mean, b, g), r = get(inverseStd, b, g);
                double sumD = 0, sumDx = 0;
                for (int p = 0; p < pixels; p++) {
                    for (int c = g * width; c < (g + 1) * width; c++) {
                        int row = b * pixels + p;
                        double normalized = (get(x, row, c) - mu) * r;
                        double grad =
                                get(gradOut, row, c) * activation.derivative(get(gamma, c) * normalized + get(beta, c));
                        betaTotals[c] += grad;
                        gammaTotals[c] += grad * normalized;
                        sumD += grad * get(gamma, c);
                        sumDx += grad * get(gamma, c) * normalized;
                    }
                }
                double meanD = sumD / count, meanDx = sumDx / count;
                for (int p = 0; p < pixels; p++) {
                    for (int c = g * width; c < (g + 1) * width; c++) {
                        int row = b * pixels + p;
                        double normalized = (get(x, row, c) - mu) * r;
                        double grad =
                                get(gradOut, row, c) * activation.derivative(get(gamma, c) * normalized + get(beta, c));
                        double value = r * (grad * get(gamma, c) - meanD - normalized * meanDx);
                        store(gradInput, (long) row * channels + c, value, accumulate);
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            if (gradGamma != null) {
                store(gradGamma, c, gammaTotals[c], true);
            }
            if (gradBeta != null) {
                store(gradBeta, c, betaTotals[c], true);
            }
        }
    }

    // ---------------------------------------------------------------- per-sample bias

    static void addSampleBias(Tensor x, Tensor bias, Tensor out, int pixels) {
        for (int row = 0; row < x.rows(); row++) {
            for (int c = 0; c < x.cols(); c++) {
                set(out, row, c, get(x, row, c) + get(bias, row / pixels, c));
            }
        }
    }

    static void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate, int pixels) {
        for (int b = 0; b < gradBias.rows(); b++) {
            for (int c = 0; c < gradBias.cols(); c++) {
                double total = 0;
                for (int p = 0; p < pixels; p++) {
                    total += get(gradOut, b * pixels + p, c);
                }
                store(gradBias, (long) b * gradBias.cols() + c, total, accumulate);
            }
        }
    }

    // ---------------------------------------------------------------- softmax

    static void softmaxRows(Tensor x, Tensor out) {
        int cols = x.cols();
        double[] row = new double[cols];
        for (int i = 0; i < x.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                row[j] = get(x, i, j);
                max = Math.max(max, row[j]);
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                row[j] = Math.exp(row[j] - max);
                total += row[j];
            }
            for (int j = 0; j < cols; j++) {
                set(out, i, j, row[j] / total);
            }
        }
    }

    static void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        int cols = out.cols();
        for (int i = 0; i < out.rows(); i++) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += get(gradOut, i, j) * get(out, i, j);
            }
            for (int j = 0; j < cols; j++) {
                double value = get(out, i, j) * (get(gradOut, i, j) - dot);
                store(gradIn, (long) i * cols + j, value, accumulate);
            }
        }
    }

    // ---------------------------------------------------------------- batched product

    /** mnk = {m, n, k}. */
    static void matmulBatched(
            int count,
            MatrixBatch a,
            boolean transposeA,
            MatrixBatch b,
            boolean transposeB,
            MatrixBatch c,
            float alpha,
            float beta,
            int[] mnk) {
        for (int batch = 0; batch < count; batch++) {
            for (int i = 0; i < mnk[0]; i++) {
                for (int j = 0; j < mnk[1]; j++) {
                    double dot = 0;
                    for (int p = 0; p < mnk[2]; p++) {
                        double left = get(a.tensor(), transposeA ? a.index(batch, p, i) : a.index(batch, i, p));
                        double right = get(b.tensor(), transposeB ? b.index(batch, j, p) : b.index(batch, p, j));
                        dot += left * right;
                    }
                    long index = c.index(batch, i, j);
                    double old = beta == 0 ? 0 : beta * get(c.tensor(), index);
                    set(c.tensor(), index, alpha * dot + old);
                }
            }
        }
    }

    // ---------------------------------------------------------------- dropout and time

    static void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        double keepScale = 1.0 / (1.0 - probability);
        for (long i = 0; i < x.size(); i++) {
            boolean keep = Distributions.uniform(key, i) >= probability;
            store(out, i, keep ? get(x, i) * keepScale : 0, accumulate);
        }
    }

    static void timestepEmbedding(Tensor t, Tensor out) {
        int count = out.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            for (int k = 0; k < count; k++) {
                double angle = TimeEmbedding.timestepFrequency(k, count) * time;
                set(out, i, k, Math.cos(angle));
                set(out, i, count + k, Math.sin(angle));
            }
        }
    }

    static void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        int count = gradOut.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            double total = 0;
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.timestepFrequency(k, count);
                total += -get(gradOut, i, k) * omega * Math.sin(omega * time)
                        + get(gradOut, i, count + k) * omega * Math.cos(omega * time);
            }
            store(gradT, i, total, accumulate);
        }
    }
}
