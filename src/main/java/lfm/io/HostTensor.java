package lfm.io;

import java.util.Arrays;

/** A tensor's shape and float32 values on the host, as stored in files. Row-major. */
public record HostTensor(int[] shape, float[] values) {

    public HostTensor {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
        }
    }
}
