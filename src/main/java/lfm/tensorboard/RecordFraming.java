package lfm.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The TFRecord framing of TensorBoard event files. Each record is
 * <pre>
 *   uint64  length of data          (little-endian)
 *   uint32  masked CRC-32C of the 8 length bytes
 *   byte    data[length]            (one serialised Event)
 *   uint32  masked CRC-32C of data
 * </pre>
 * with mask(c) = ((c ⋙ 15) | (c ≪ 17)) + 0xa282ead8 (mod 2³²), a rotation plus a constant that keeps a
 * CRC of bytes which themselves hold CRCs from being trivially zero. CRC-32C is the Castagnoli
 * polynomial (java.util.zip.CRC32C).
 */
public final class RecordFraming {
    /** Bytes before the data: length and its CRC. */
    public static final int HEADER_BYTES = 12;
    /** Bytes after the data: its CRC. */
    public static final int FOOTER_BYTES = 4;

    private static final int MASK_DELTA = 0xa282ead8;

    private RecordFraming() {}

    /** CRC-32C of {@code length} bytes from {@code offset}, as an unsigned 32-bit value in an int. */
    public static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** The masked form stored in records: rotate right by 15, add 0xa282ead8. */
    public static int mask(int crc) {
        return Integer.rotateRight(crc, 15) + MASK_DELTA;
    }

    /** Inverse of {@link #mask}. */
    public static int unmask(int masked) {
        return Integer.rotateLeft(masked - MASK_DELTA, 15);
    }

    /** One framed record holding {@code data}. */
    public static byte[] frame(byte[] data) {
        ByteBuffer record =
                ByteBuffer.allocate(HEADER_BYTES + data.length + FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(data.length);
        record.putInt(mask(crc32c(record.array(), 0, Long.BYTES)));
        record.put(data);
        record.putInt(mask(crc32c(data, 0, data.length)));
        return record.array();
    }
}
