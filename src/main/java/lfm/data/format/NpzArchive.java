package lfm.data.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.DoubleMatrix;
import lfm.io.AtomicFiles;

/**
 * NumPy's .npz archives: a zip file of .npy entries, as written by {@code numpy.savez} (stored) or
 * {@code numpy.savez_compressed} (deflated). Entries are read through {@link NpyReader}, so the same
 * dtypes, shapes and checks apply; errors name the archive and the entry ("demos.npz:actions.npy").
 */
public final class NpzArchive {
    private NpzArchive() {}

    /** Every .npy entry of the archive by its name without ".npy", as float64, in archive order. */
    public static Map<String, DoubleMatrix> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such .npz file");
        }
        Map<String, DoubleMatrix> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                arrays.put(name, readEntry(file, zip, entry));
            }
        } catch (ZipException notZip) {
            throw DataFormatException.in(file, "not a readable .npz (zip) archive: " + notZip.getMessage());
        }
        return arrays;
    }

    /** The entry copied to a temporary file (zip entries are streams; the reader needs positions). */
    private static DoubleMatrix readEntry(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        Path temporary = Files.createTempFile("lfm-npz-", ".npy");
        try {
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ)) {
                return NpyReader.readDoubles(Path.of(file + ":" + entry.getName()), channel);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes an archive atomically: float32 2-D arrays ({@code '<f4'}) and int64 1-D arrays
     * ({@code '<i8'}), each as entry "NAME.npy", stored uncompressed like {@code numpy.savez}.
     */
    public static void write(Path file, Map<String, DataMatrix> floats, Map<String, long[]> integers)
            throws IOException {
        AtomicFiles.write(file, stream -> {
            ZipOutputStream zip = new ZipOutputStream(nonClosing(stream));
            for (var entry : floats.entrySet()) {
                DataMatrix data = entry.getValue();
                ByteBuffer bytes = ByteBuffer.allocate(data.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : data.values()) {
                    bytes.putFloat(value);
                }
                putEntry(
                        zip,
                        entry.getKey(),
                        NpyWriter.header("<f4", "(" + data.rows() + ", " + data.cols() + ")"),
                        bytes.array());
            }
            for (var entry : integers.entrySet()) {
                long[] values = entry.getValue();
                ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (long value : values) {
                    bytes.putLong(value);
                }
                putEntry(zip, entry.getKey(), NpyWriter.header("<i8", "(" + values.length + ",)"), bytes.array());
            }
            zip.finish();
        });
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] header, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(data);
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(header.length + data.length);
        entry.setCompressedSize(header.length + data.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    private static OutputStream nonClosing(OutputStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
