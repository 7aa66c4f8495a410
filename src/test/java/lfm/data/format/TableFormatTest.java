package lfm.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFormatTest {
    @TempDir
    Path folder;

    @Test
    void theExtensionDecidesCaseInsensitively() {
        assertEquals(Optional.of(TableFormat.CSV), TableFormat.ofName("points.CSV"));
        assertEquals(Optional.of(TableFormat.NPY), TableFormat.ofName("dir/points.npy "));
        assertEquals(Optional.empty(), TableFormat.ofName("points.txt"));
        assertEquals(".csv or .npy", TableFormat.extensions());
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TableFormat.of(Path.of("points.parquet")));
        assertEquals("points.parquet: expected a .csv or .npy file", error.getMessage());
    }

    @Test
    void bothFormatsRoundTrip() throws IOException {
        DataMatrix points = new DataMatrix(3, 2, new float[] {1.5f, -2, 0.1f, 4, 1e-7f, 6});
        for (String name : new String[] {"p.csv", "p.npy"}) {
            Path file = folder.resolve(name);
            TableFormat.write(file, points);
            assertArrayEquals(points.values(), TableFormat.read(file).values(), name);
        }
        assertTrue(Files.readString(folder.resolve("p.csv")).startsWith("x0,x1\n"));
    }

    @Test
    void anNpyFileNamedCsvIsRefusedWithTheReason() throws IOException {
        Path npy = folder.resolve("p.npy");
        TableFormat.write(npy, new DataMatrix(1, 1, new float[] {1}));
        Path misnamed = Files.copy(npy, folder.resolve("p.csv"));
        DataFormatException error = assertThrows(DataFormatException.class, () -> TableFormat.read(misnamed));
        assertEquals(
                misnamed + ": this is a .npy file (it starts with \\x93NUMPY), not CSV: rename it to .npy",
                error.getMessage());
    }
}
