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
 * subsample and standardisation; a conditional run's conditions follow its points). A resume on other data
 * would train the remaining blocks on a pool the finished blocks never saw, so it is refused.
 *
 * @param rows   N
 * @param cols   D, or D + C with conditions
 * @param sha256 hex SHA-256 of the N·D values (then the N·C conditions)
 */
public record DataFingerprint(int rows, int cols, String sha256) {

    public static DataFingerprint of(DataMatrix data) {
        return of(data, null);
    }

    /**
     * The fingerprint of a conditional run's pool: the N·D values, then the N·C conditions, hashed as one
     * sequence (cols = D + C), so that a resume on other conditions is refused too. conditions null = an
     * unconditional pool, the same fingerprint as {@link #of(DataMatrix)}.
     */
    public static DataFingerprint of(DataMatrix data, DataMatrix conditions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            update(digest, bytes, data.values());
            if (conditions != null) {
                update(digest, bytes, conditions.values());
            }
            digest.update(bytes.array(), bytes.arrayOffset(), bytes.position());
            int cols = data.cols() + (conditions == null ? 0 : conditions.cols());
            return new DataFingerprint(data.rows(), cols, HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", missing);
        }
    }

    private static void update(MessageDigest digest, ByteBuffer bytes, float[] values) {
        for (float value : values) {
            if (!bytes.hasRemaining()) {
                digest.update(bytes.array(), bytes.arrayOffset(), bytes.position());
                bytes.clear();
            }
            bytes.putFloat(value);
        }
    }

    /** "16,595 × 6 values, sha256 3fa9c1d2e4b5…". */
    public String describe() {
        return String.format(
                "%,d × %d values, sha256 %s…", rows, cols, sha256.substring(0, Math.min(12, sha256.length())));
    }
}
