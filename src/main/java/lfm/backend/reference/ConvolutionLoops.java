package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.store;

import lfm.backend.ConvGeometry;
import lfm.tensor.Tensor;

/**
 * The three convolution ops as plain loops over the formula of {@link ConvGeometry}, accumulated in
 * double. Every tap is visited through {@link #sourceRow}, which maps an output pixel and a kernel
 * offset to the input row it reads (or −1 in the padding), upsampling included. Operands are first read
 * into double arrays (the loops run often in the finite-difference checks of whole networks).
 */
final class ConvolutionLoops {
    private ConvolutionLoops() {}

    /**
     * Input row read by output pixel (b, oy, ox) at kernel offset (ky, kx), or −1 when the tap falls in
     * the zero padding. With upsampling, source pixel (sy, sx) is input pixel (⌊sy/2⌋, ⌊sx/2⌋).
     */
    static int sourceRow(ConvGeometry g, int b, int oy, int ox, int ky, int kx) {
        int sy = oy * g.stride() + ky - g.padding();
        int sx = ox * g.stride() + kx - g.padding();
        if (sy < 0 || sx < 0 || sy >= g.sourceHeight() || sx >= g.sourceWidth()) {
            return -1;
        }
        int y = g.upsample() ? sy >> 1 : sy;
        int x = g.upsample() ? sx >> 1 : sx;
        return (b * g.height() + y) * g.width() + x;
    }

    /** Output row of pixel (b, oy, ox). */
    private static int outputRow(ConvGeometry g, int b, int oy, int ox) {
        return (b * g.outHeight() + oy) * g.outWidth() + ox;
    }

    /** Column of w[o, i, ky, kx] in the (C_out, C_in·k²) weight matrix. */
    private static int weightColumn(ConvGeometry g, int i, int ky, int kx) {
        return (i * g.kernel() + ky) * g.kernel() + kx;
    }

    private static double[] values(Tensor tensor) {
        double[] values = new double[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(tensor, i);
        }
        return values;
    }

    static void forward(
            Tensor input,
            Tensor weight,
            Tensor bias,
            Tensor sampleBias,
            Tensor residual,
            ConvGeometry g,
            Tensor out,
            boolean accumulate) {
        int k = g.kernel();
        double[] in = values(input), w = values(weight);
        int cin = g.inChannels(), cols = g.weightColumns();
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int row = outputRow(g, b, oy, ox);
                    for (int o = 0; o < g.outChannels(); o++) {
                        double total = bias == null ? 0 : get(bias, o);
                        total += sampleBias == null ? 0 : get(sampleBias, b, o);
                        total += residual == null ? 0 : get(residual, row, o);
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int source = sourceRow(g, b, oy, ox, ky, kx);
                                if (source < 0) {
                                    continue;
                                }
                                for (int i = 0; i < cin; i++) {
                                    total += w[o * cols + weightColumn(g, i, ky, kx)] * in[source * cin + i];
                                }
                            }
                        }
                        store(out, (long) row * g.outChannels() + o, total, accumulate);
                    }
                }
            }
        }
    }

    /** Scatters every output gradient back through the taps into a double buffer, then stores it. */
    static void backwardData(Tensor gradOut, Tensor weight, ConvGeometry g, Tensor gradInput, boolean accumulate) {
        int k = g.kernel();
        double[] grad = values(gradOut), w = values(weight);
        int cout = g.outChannels(), cols = g.weightColumns();
        double[] total = new double[Math.toIntExact((long) g.inputRows() * g.inChannels())];
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int row = outputRow(g, b, oy, ox);
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int source = sourceRow(g, b, oy, ox, ky, kx);
                            if (source < 0) {
                                continue;
                            }
                            for (int i = 0; i < g.inChannels(); i++) {
                                double sum = 0;
                                int column = weightColumn(g, i, ky, kx);
                                for (int o = 0; o < cout; o++) {
                                    sum += grad[row * cout + o] * w[o * cols + column];
                                }
                                total[source * g.inChannels() + i] += sum;
                            }
                        }
                    }
                }
            }
        }
        for (int index = 0; index < total.length; index++) {
            store(gradInput, index, total[index], accumulate);
        }
    }

    static void backwardFilter(
            Tensor input, Tensor gradOut, ConvGeometry g, Tensor gradWeight, Tensor gradBias, boolean accumulate) {
        int k = g.kernel();
        double[] in = values(input), grad = values(gradOut);
        int cin = g.inChannels(), cout = g.outChannels();
        for (int o = 0; o < g.outChannels(); o++) {
            for (int i = 0; i < g.inChannels(); i++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        double total = 0;
                        for (int b = 0; b < g.batch(); b++) {
                            for (int oy = 0; oy < g.outHeight(); oy++) {
                                for (int ox = 0; ox < g.outWidth(); ox++) {
                                    int source = sourceRow(g, b, oy, ox, ky, kx);
                                    if (source >= 0) {
                                        total += grad[outputRow(g, b, oy, ox) * cout + o] * in[source * cin + i];
                                    }
                                }
                            }
                        }
                        store(gradWeight, (long) o * g.weightColumns() + weightColumn(g, i, ky, kx), total, accumulate);
                    }
                }
            }
        }
        if (gradBias != null) {
            for (int o = 0; o < g.outChannels(); o++) {
                double total = 0;
                for (int row = 0; row < g.outputRows(); row++) {
                    total += get(gradOut, row, o);
                }
                store(gradBias, o, total, accumulate);
            }
        }
    }
}
