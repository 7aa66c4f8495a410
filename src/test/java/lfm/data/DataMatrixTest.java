package lfm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DataMatrixTest {
    private final DataMatrix m = DataMatrix.of(new float[] {1, 2, 3}, new float[] {4, 5, 6}, new float[] {7, 8, 9});

    @Test
    void accessSliceSelectAndConcatenate() {
        assertEquals(6, m.get(1, 2));
        assertArrayEquals(new float[] {4, 5, 6}, m.row(1));
        assertArrayEquals(new float[] {2, 5, 8}, m.column(1));
        assertEquals(DataMatrix.of(new float[] {4, 5, 6}, new float[] {7, 8, 9}), m.rows(1, 3));
        assertEquals(DataMatrix.of(new float[] {7, 8, 9}, new float[] {1, 2, 3}), m.select(new int[] {2, 0}));
        assertEquals(m, DataMatrix.concat(m.rows(0, 1), m.rows(1, 3)));
        assertArrayEquals(new double[] {4, 5, 6}, m.columnMeans());
        assertEquals(Math.sqrt(6), m.columnStds()[0], 1e-15);
    }

    @Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DataMatrix(2, 2, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> DataMatrix.concat(m, DataMatrix.zeros(1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> m.rows(2, 4));
        assertEquals("DataMatrix[3 × 3]", m.toString());
    }

    @Test
    void subsamplesAreSeededAndWithoutReplacement() {
        DataMatrix column = new DataMatrix(1000, 1, new float[1000]);
        for (int i = 0; i < 1000; i++) {
            column.values()[i] = i;
        }
        DataMatrix a = RowSampling.subsample(column, 100, 7);
        assertEquals(a, RowSampling.subsample(column, 100, 7));
        assertEquals(
                100,
                java.util.stream.IntStream.range(0, 100)
                        .mapToObj(i -> a.get(i, 0))
                        .distinct()
                        .count());
        assertEquals(column, RowSampling.subsample(column, 0, 7));
        assertEquals(column, RowSampling.subsample(column, 5000, 7));
        int[] permutation = RowSampling.permutation(50, new lfm.random.RandomKey(1, 2));
        assertEquals(50, java.util.Arrays.stream(permutation).distinct().count());
    }
}
