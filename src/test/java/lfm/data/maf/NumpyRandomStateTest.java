package lfm.data.maf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lfm.data.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** Known outputs of numpy 1.24's legacy RandomState (src/test/resources/lfm/data/maf/maf_reference.py). */
class NumpyRandomStateTest {

    @Test
    void rawWordsMatchMt19937SeededLikeNumpy() {
        NumpyRandomState random = new NumpyRandomState(42);
        assertEquals(1608637542L, random.nextUint32());
        assertEquals(3421126067L, random.nextUint32());
        assertEquals(4083286876L, random.nextUint32());
        // The reference MT19937 implementation's first output for its default seed 5489.
        assertEquals(3499211612L, new NumpyRandomState(5489).nextUint32());
    }

    @Test
    void randMatchesNumpyBitForBit() {
        assertArrayEquals(
                new double[] {0.3745401188473625, 0.9507143064099162, 0.7319939418114051},
                new NumpyRandomState(42).rand(3));
        assertArrayEquals(
                new double[] {
                    0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969, 0.4236547993389047
                },
                new NumpyRandomState(0).rand(5));
        assertArrayEquals(
                new double[] {0.0976320289940138, 0.9123828453026218}, new NumpyRandomState(0xFFFFFFFFL).rand(2));
    }

    @Test
    void permutationMatchesNumpy() {
        assertArrayEquals(new int[] {8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, new NumpyRandomState(42).permutation(10));
        int[] large = new NumpyRandomState(7).permutation(1000);
        assertArrayEquals(
                new int[] {778, 334, 271, 802, 216, 408, 812, 94, 487, 170}, java.util.Arrays.copyOf(large, 10));
    }

    @Test
    void shuffleRowsUsesTheSameDrawsAsNumpyShuffle() {
        double[] values = new double[30];
        for (int k = 0; k < 30; k++) {
            values[k] = k;
        }
        DoubleMatrix matrix = new DoubleMatrix(10, 3, values);
        NumpyRandomState random = new NumpyRandomState(42);
        random.shuffleRows(matrix);
        double[] firstColumn = new double[10];
        for (int i = 0; i < 10; i++) {
            firstColumn[i] = matrix.get(i, 0);
            assertEquals(matrix.get(i, 0) + 1, matrix.get(i, 1), "rows move whole");
        }
        assertArrayEquals(new double[] {24, 3, 15, 0, 21, 6, 27, 12, 9, 18}, firstColumn);
        // The generator continues where numpy's does after the shuffle.
        assertArrayEquals(new double[] {0.15599452033620265, 0.05808361216819946}, random.rand(2));
    }

    @Test
    void intervalsPast32BitsMatchNumpysRandint() {
        // np.random.RandomState(42).randint(0, 2**40), three times; RandomState(7).randint(0, 5e9) twice
        NumpyRandomState random = new NumpyRandomState(42);
        assertEquals(441507790259L, random.randomInterval((1L << 40) - 1));
        assertEquals(395924837646L, random.randomInterval((1L << 40) - 1));
        assertEquals(458615280711L, random.randomInterval((1L << 40) - 1));
        NumpyRandomState other = new NumpyRandomState(7);
        assertEquals(1322904761L, other.randomInterval(4_999_999_999L));
        assertEquals(1133316631L, other.randomInterval(4_999_999_999L));
    }

    @Test
    void rejectsSeedsNumpyRejects() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    }
}
