package lfm.backend;

/**
 * The shape of one 2-D convolution over a batch of NHWC images, as the convolution ops see it.
 *
 * <p>Layout: the input is a (batch·height·width, inChannels) matrix whose row (b·H + y)·W + x holds pixel
 * (y, x) of image b; the output is (batch·outHeight·outWidth, outChannels) in the same order. The weight
 * is (outChannels, inChannels·kernel·kernel), row o in PyTorch's (in, ky, kx) order, so a (O, I, kh, kw)
 * {@code Conv2d.weight} is the same bytes.
 *
 * <p>The convolution reads the source image s: the input itself, or with {@code upsample} its
 * nearest-×2 upsampling (2H × 2W, s(y, x) = input(⌊y/2⌋, ⌊x/2⌋)), which is never materialised. Zero
 * padding p = ⌊kernel/2⌋ (0 for 1×1, 1 for 3×3), stride 1 or 2:
 * <pre>
 *   out[b, oy, ox, o] = Σ_{i, ky, kx} w[o, i, ky, kx] · s[b, oy·stride + ky − p, ox·stride + kx − p, i]
 *   outHeight = ⌊(H' + 2p − kernel) / stride⌋ + 1,   H' = 2H with upsample, else H (likewise widths)
 * </pre>
 *
 * @param batch       images B (≥ 0)
 * @param height      input height H (≥ 1)
 * @param width       input width W (≥ 1)
 * @param inChannels  input channels (≥ 1)
 * @param outChannels output channels (≥ 1)
 * @param kernel      1 or 3
 * @param stride      1 or 2
 * @param upsample    whether the source is the nearest-×2 upsampled input
 */
public record ConvGeometry(
        int batch, int height, int width, int inChannels, int outChannels, int kernel, int stride, boolean upsample) {

    public ConvGeometry {
        if (batch < 0 || height < 1 || width < 1 || inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("convolution: batch ≥ 0 and positive height, width and channels"
                    + " needed, got batch " + batch + ", " + height + "×" + width + ", " + inChannels + " → "
                    + outChannels + " channels");
        }
        if (kernel != 1 && kernel != 3) {
            throw new IllegalArgumentException("convolution: kernel must be 1 or 3, got " + kernel);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("convolution: stride must be 1 or 2, got " + stride);
        }
    }

    /** A 3×3 convolution, stride 1, padding 1, on the input itself. */
    public static ConvGeometry same3x3(int batch, int height, int width, int inChannels, int outChannels) {
        return new ConvGeometry(batch, height, width, inChannels, outChannels, 3, 1, false);
    }

    /** Zero padding on each side: 0 for 1×1, 1 for 3×3. */
    public int padding() {
        return kernel / 2;
    }

    /** Height of the source image the kernel slides over (2H when upsampling). */
    public int sourceHeight() {
        return upsample ? 2 * height : height;
    }

    public int sourceWidth() {
        return upsample ? 2 * width : width;
    }

    public int outHeight() {
        return (sourceHeight() + 2 * padding() - kernel) / stride + 1;
    }

    public int outWidth() {
        return (sourceWidth() + 2 * padding() - kernel) / stride + 1;
    }

    /** Rows of the input matrix: B·H·W. */
    public int inputRows() {
        return Math.multiplyExact(Math.multiplyExact(batch, height), width);
    }

    /** Rows of the output matrix: B·outHeight·outWidth. */
    public int outputRows() {
        return Math.multiplyExact(Math.multiplyExact(batch, outHeight()), outWidth());
    }

    /** Columns of the weight matrix: inChannels·kernel². */
    public int weightColumns() {
        return inChannels * kernel * kernel;
    }

    /** Multiply-adds ×2 of the forward pass (taps in the padding counted): 2·outputRows·outChannels·weightColumns. */
    public double flops() {
        return 2.0 * outputRows() * outChannels * weightColumns();
    }

    @Override
    public String toString() {
        return String.format(
                "%d×%d×%d%s→%d %dx%d/s%d ×%d",
                height, width, inChannels, upsample ? " (up×2)" : "", outChannels, kernel, kernel, stride, batch);
    }
}
