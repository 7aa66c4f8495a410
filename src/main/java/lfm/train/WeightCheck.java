package lfm.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import lfm.dist.Collective;
import lfm.nn.Parameter;

/**
 * Checks that every rank holds the same weights: each rank hashes its parameters' float bits
 * (SHA-256, first 8 bytes shown), the hashes are gathered and compared with rank 0's. Data-parallel
 * ranks apply identical updates to identical weights, so any difference is a bug, a corrupted
 * transfer or a rank started with other settings; the check fails on every rank at once, naming the
 * ranks that differ, and the job is aborted.
 */
final class WeightCheck {
    private WeightCheck() {}

    /** Throws an {@link IllegalStateException} on every rank when any rank's weights differ from rank 0's. */
    static void requireEqual(Collective collective, List<Parameter> parameters, String when) {
        byte[][] hashes = collective.allGather(hash(parameters));
        StringBuilder differing = new StringBuilder();
        for (int r = 1; r < hashes.length; r++) {
            if (!Arrays.equals(hashes[r], hashes[0])) {
                differing
                        .append(differing.isEmpty() ? "" : ", ")
                        .append("rank ")
                        .append(r)
                        .append(" (")
                        .append(HexFormat.of().formatHex(hashes[r], 0, 8))
                        .append(")");
            }
        }
        if (!differing.isEmpty()) {
            throw new IllegalStateException("the ranks' weights diverged " + when + ": rank 0 has "
                    + HexFormat.of().formatHex(hashes[0], 0, 8) + ", " + differing
                    + " (were all ranks started with the same settings and files?)");
        }
    }

    /** SHA-256 of the parameters' values in order, as little-endian float32 bits. */
    static byte[] hash(List<Parameter> parameters) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Parameter parameter : parameters) {
                float[] values = parameter.value().toFloats();
                ByteBuffer bytes =
                        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(values);
                digest.update(bytes.array());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", missing);
        }
    }
}
