package lfm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.data.format.NpyWriter;
import lfm.data.toy.ToyDistributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionalDataTest {
    @TempDir
    Path folder;

    @Test
    void selectorsPickColumnsByIndexRangeAndName() {
        assertArrayEquals(
                new int[] {2, 3, 4},
                ConditionColumns.resolve("2:", 5, List.of()).conditions());
        assertArrayEquals(
                new int[] {0, 1}, ConditionColumns.resolve("2:", 5, List.of()).generated());
        assertArrayEquals(
                new int[] {0, 4},
                ConditionColumns.resolve("-1, 0", 5, List.of()).conditions());
        assertArrayEquals(
                new int[] {1, 2}, ConditionColumns.resolve("1:3", 5, List.of()).conditions());
        assertArrayEquals(
                new int[] {0, 1}, ConditionColumns.resolve(":2", 5, List.of()).conditions());
        assertArrayEquals(
                new int[] {3},
                ConditionColumns.resolve("Label", 4, List.of("a", "b", "c", "label"))
                        .conditions());
        assertArrayEquals(new int[] {3, 4}, ConditionColumns.last(2, 5).conditions());
    }

    @Test
    void badSelectorsSayWhatIsWrong() {
        assertEquals(
                "--condition-columns '7': column 7 is outside the table's 3 columns (0-based)",
                assertThrows(IllegalArgumentException.class, () -> ConditionColumns.resolve("7", 3, List.of()))
                        .getMessage());
        assertEquals(
                "--condition-columns selects every column: nothing is left to generate",
                assertThrows(IllegalArgumentException.class, () -> ConditionColumns.resolve("0:", 3, List.of()))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConditionColumns.resolve("y", 2, List.of()))
                .getMessage()
                .contains("no column named 'y' (the table has no header line)"));
    }

    @Test
    void partsOfAJointTableKeepTheirRows() {
        DataMatrix joint = DataMatrix.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
        ConditionColumns columns = ConditionColumns.resolve("1", 3, List.of());
        assertEquals(DataMatrix.of(new float[] {1, 3}, new float[] {4, 6}), columns.generatedPart(joint));
        assertEquals(DataMatrix.of(new float[] {2}, new float[] {5}), columns.conditionPart(joint));
        assertEquals(
                joint,
                DataMatrix.joinColumns(joint.selectColumns(new int[] {0}), joint.selectColumns(new int[] {1, 2})));
    }

    @Test
    void classLabelsBecomeOneHotRows() {
        DataMatrix labels = DataMatrix.of(new float[] {2}, new float[] {0});
        assertEquals(DataMatrix.of(new float[] {0, 0, 1}, new float[] {1, 0, 0}), ClassLabels.oneHot(labels, 3));
        assertEquals(
                "row 2: class 3.5 is not an integer in [0, 3)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ClassLabels.oneHot(DataMatrix.of(new float[] {1}, new float[] {3.5f}), 3))
                        .getMessage());
    }

    @Test
    void pairedFilesJoinAsOneTableWithOneSplit() throws IOException {
        DataMatrix x = DataMatrix.of(new float[] {1, 1}, new float[] {2, 2}, new float[] {3, 3}, new float[] {4, 4});
        DataMatrix c = DataMatrix.of(new float[] {10}, new float[] {20}, new float[] {30}, new float[] {40});
        NpyWriter.write(folder.resolve("x.npy"), x);
        NpyWriter.write(folder.resolve("c.npy"), c);
        TabularDataset paired = TabularDataset.openPaired(folder.resolve("x.npy"), folder.resolve("c.npy"));
        assertEquals(3, paired.dimension());
        DataMatrix train = paired.train(0, 0);
        for (int i = 0; i < train.rows(); i++) {
            assertEquals(10 * train.get(i, 0), train.get(i, 2));
        }
        NpyWriter.write(folder.resolve("short.npy"), c.rows(0, 3));
        assertTrue(assertThrows(
                        DataFormatException.class,
                        () -> TabularDataset.openPaired(folder.resolve("x.npy"), folder.resolve("short.npy")))
                .getMessage()
                .endsWith("has 3 rows but " + folder.resolve("x.npy") + " has 4; row i of each must belong together"));
    }

    @Test
    void csvHeaderNamesReachTheDataset() throws IOException {
        Path file = folder.resolve("t.csv");
        Files.writeString(file, "u,v,label\n1,2,0\n3,4,1\n5,6,1\n");
        assertEquals(List.of("u", "v", "label"), Datasets.open(file.toString()).columnNames());
    }

    @Test
    void labelledEightGaussiansCarryTheirCentre() {
        DataMatrix points = ToyDistributions.byName("8gaussians-class").train(2000, 3);
        for (int i = 0; i < points.rows(); i++) {
            double angle = Math.atan2(points.get(i, 1), points.get(i, 0));
            int nearest = Math.floorMod((int) Math.round(angle / (Math.PI / 4)), 8);
            float label = points.get(i, 2);
            // σ = 0.35 around centres 2.83 apart: a point lies in its own sector nearly always.
            if (nearest != label) {
                assertTrue(Math.abs(Math.floorMod(nearest - (int) label + 4, 8) - 4) == 1, "row " + i);
            }
        }
    }
}
