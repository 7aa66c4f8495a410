package lfm.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import lfm.data.DataMatrix;

/**
 * The training data a run started on: its size and the SHA-256 of its values (the float32 pool handed to
 * the trainer, little-endian, row-major: whatever file or sampler it came from, after the run's
 * subsample and standardisation). A resume on other data would train the remaining blocks on a pool the
 * finished blocks never saw, so it is refused.
 *
 * @param rows   N
 * @param cols   D
 * @param sha256 hex SHA-256 of the N·D values
 */
public record DataFingerprint(int rows, int cols, String sha256) {

    public static DataFingerprint of(DataMatrix data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            float[] values = data.values();
            ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : values) {
                if (!bytes.hasRemaining()) {
                    digest.update(bytes.array(), 0, bytes.position());
                    bytes.clear();
                }
                bytes.putFloat(value);
            }
            digest.update(bytes.array(), 0, bytes.position());
            return new DataFingerprint(data.rows(), data.cols(), HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", missing);
        }
    }

    /** "16,595 × 6 values, sha256 3fa9c1d2e4b5…". */
    public String describe() {
        return String.format("%,d × %d values, sha256 %s…", rows, cols, sha256.substring(0, Math.min(12, sha256.length())));
    }
}
