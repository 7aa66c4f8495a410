package lfm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import lfm.data.DataMatrix;
import org.junit.jupiter.api.Test;

class PolicyServerTest {
    /** Chunk k of a request: H = 2 actions of A = 1 value, (sum of the condition + seed, and its negative). */
    private static final class SumPolicy implements Policy {
        private long seed;

        @Override
        public PolicyShape shape() {
            return new PolicyShape(2, 1, 2, 2, 1);
        }

        @Override
        public DataMatrix act(DataMatrix conditions) {
            float[] out = new float[conditions.rows() * 2];
            for (int i = 0; i < conditions.rows(); i++) {
                float sum = seed;
                for (float value : conditions.row(i)) {
                    sum += value;
                }
                out[2 * i] = sum;
                out[2 * i + 1] = -sum;
            }
            return new DataMatrix(conditions.rows(), 2, out);
        }

        @Override
        public long lastEvaluations() {
            return 3;
        }

        @Override
        public void reseed(long seed) {
            this.seed = seed;
        }
    }

    @Test
    void answersEveryKindOfLine() throws IOException {
        String input = String.join(
                        "\n",
                        "1 2 3 4",
                        "1 2 3 4 0.5 0.25 0 1e-3",
                        "seed 10",
                        "1 1 1 1",
                        "1 2 3",
                        "1 2 x 4",
                        "1 2 NaN 4",
                        "",
                        "stats",
                        "quit",
                        "1 2 3 4")
                + "\n";
        StringWriter output = new StringWriter();
        new PolicyServer(new SumPolicy(), "test")
                .serve(new BufferedReader(new StringReader(input)), new PrintWriter(output));
        String[] lines = output.toString().split("\n");
        assertEquals(
                "{\"protocol\":\"lfm-policy/1\",\"method\":\"test\",\"observation_size\":2,\"action_size\":1,"
                        + "\"history\":2,\"horizon\":2,\"execute\":1}",
                lines[0]);
        assertEquals("10.0 -10.0", lines[1]);
        assertEquals("10.0 -10.0 0.751 -0.751", lines[2]);
        assertEquals("ok", lines[3]);
        assertEquals("14.0 -14.0", lines[4]);
        assertEquals("error: 3 numbers is not a multiple of history·O = 4", lines[5]);
        assertEquals("error: 'x' (number 3) is not a number", lines[6]);
        assertEquals("error: number 3 is NaN", lines[7]);
        assertTrue(lines[8].startsWith("error: empty request"), lines[8]);
        assertTrue(lines[9].startsWith("{\"requests\":3,\"chunks\":4,\"evaluations_per_chunk\":3.0,"), lines[9]);
        assertEquals(10, lines.length, "nothing after quit");
    }
}
