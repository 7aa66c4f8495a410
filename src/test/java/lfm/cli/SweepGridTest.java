package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid syntax of lfm sweep: values, ':' for values with commas, combinations and folder names. */
class SweepGridTest {

    @Test
    void valuesSplitOnCommasOrOnColonsWhenThereAreAny() {
        assertEquals(new SweepGrid.Axis("seed", List.of("1", "2", "3")), SweepGrid.axis("seed=1,2,3"));
        assertEquals(
                new SweepGrid.Axis("gammas", List.of(".1,.15,.225", ".05,.1,.2")),
                SweepGrid.axis("gammas=.1,.15,.225:.05,.1,.2"));
        assertEquals(new SweepGrid.Axis("gammas", List.of(".1,.15")), SweepGrid.axis("--gammas=.1,.15:"));
        for (String bad : new String[] {"seed", "=1,2", "seed=", "seed=1,,2", "seed=1,1"}) {
            assertThrows(IllegalArgumentException.class, () -> SweepGrid.axis(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SweepGrid.parse(List.of("seed=1", "seed=2")));
    }

    @Test
    void everyCombinationFirstAxisSlowest() {
        SweepGrid grid = SweepGrid.parse(List.of("gammas=.1,.2:.3", "seed=1,2", "no-warm-start=true,false"));
        List<SweepGrid.Point> points = grid.points();
        assertEquals(8, points.size());
        assertEquals("gammas=.1,.2_seed=1_no-warm-start=true", points.get(0).name());
        assertEquals(
                Map.of("gammas", ".1,.2", "seed", "1", "no-warm-start", "true"),
                points.get(0).settings());
        assertEquals("gammas=.1,.2_seed=1_no-warm-start=false", points.get(1).name(), "last axis fastest");
        assertEquals(
                Map.of("gammas", ".3", "seed", "2", "no-warm-start", "false"),
                points.get(7).settings());
        assertEquals("data=a_b.csv", SweepGrid.folderName("data=a/b.csv"));
    }
}
