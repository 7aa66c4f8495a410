package lfm.tensorboard;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Width, height and TensorBoard colour space of a PNG, from its IHDR chunk (bytes 16..25: width and
 * height as big-endian uint32, bit depth, colour type).
 */
record PngHeader(int width, int height, int colorspace) {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static PngHeader read(byte[] png) {
        if (png.length < 26
                || !Arrays.equals(png, 0, 8, SIGNATURE, 0, 8)
                || !new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new IllegalArgumentException("not a PNG image (no PNG signature and IHDR chunk)");
        }
        ByteBuffer header = ByteBuffer.wrap(png, 16, 10);
        int width = header.getInt(), height = header.getInt();
        header.get();
        int colorType = header.get();
        // PNG colour types: 0 grey, 2 RGB, 3 palette (shown as RGB), 4 grey + alpha, 6 RGBA.
        int colorspace = switch (colorType) {
            case 0 -> 1;
            case 4 -> 2;
            case 6 -> 4;
            default -> 3;
        };
        return new PngHeader(width, height, colorspace);
    }
}
