package lfm.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.DoubleMatrix;
import lfm.data.format.NpzArchive;

/**
 * Demonstrations of a control task: episodes of steps, each step an observation and the action taken
 * after it, stored back to back. In an .npz file (the layout of Diffusion Policy's replay buffers):
 * <pre>
 *   observations  (T, O) float32   step i's observation
 *   actions       (T, A) float32   the action taken after observation i
 *   episode_ends  (E,)   int64     exclusive end of each episode: episode e is rows [ends[e−1], ends[e])
 * </pre>
 * Any language can write it ({@code numpy.savez(path, observations=..., actions=..., episode_ends=...)}).
 */
public record Demonstrations(DataMatrix observations, DataMatrix actions, int[] episodeEnds) {
    public static final String OBSERVATIONS = "observations";
    public static final String ACTIONS = "actions";
    public static final String EPISODE_ENDS = "episode_ends";

    public Demonstrations {
        if (observations.rows() != actions.rows()) {
            throw new IllegalArgumentException(
                    observations.rows() + " observations but " + actions.rows() + " actions");
        }
        if (episodeEnds.length == 0 || episodeEnds[episodeEnds.length - 1] != observations.rows()) {
            throw new IllegalArgumentException(
                    "the last episode end must be the number of steps, " + observations.rows());
        }
        for (int e = 0; e < episodeEnds.length; e++) {
            if (episodeEnds[e] <= (e == 0 ? 0 : episodeEnds[e - 1])) {
                throw new IllegalArgumentException("episode ends must increase (episode " + (e + 1) + " is empty)");
            }
        }
        episodeEnds = episodeEnds.clone();
    }

    public int episodes() {
        return episodeEnds.length;
    }

    /** First row of episode {@code e} (0-based). */
    public int episodeStart(int e) {
        return e == 0 ? 0 : episodeEnds[e - 1];
    }

    /** Exclusive end row of episode {@code e}. */
    public int episodeEnd(int e) {
        return episodeEnds[e];
    }

    public int observationSize() {
        return observations.cols();
    }

    public int actionSize() {
        return actions.cols();
    }

    @Override
    public int[] episodeEnds() {
        return episodeEnds.clone();
    }

    /** Reads an .npz file; a missing entry, a mismatch of lengths or a bad episode end is one line. */
    public static Demonstrations read(Path file) throws IOException {
        Map<String, DoubleMatrix> arrays = NpzArchive.read(file);
        for (String name : List.of(OBSERVATIONS, ACTIONS, EPISODE_ENDS)) {
            if (!arrays.containsKey(name)) {
                throw DataFormatException.in(
                        file,
                        "no '" + name + "' array (expected observations (T, O), "
                                + "actions (T, A) and episode_ends (E,))");
            }
        }
        DoubleMatrix ends = arrays.get(EPISODE_ENDS);
        int[] episodeEnds = new int[ends.rows() * ends.cols()];
        for (int e = 0; e < episodeEnds.length; e++) {
            double value = ends.values()[e];
            if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
                throw DataFormatException.in(
                        file, "episode_ends[" + e + "] = " + value + " is not a positive row count");
            }
            episodeEnds[e] = (int) value;
        }
        try {
            return new Demonstrations(toFloats(arrays.get(OBSERVATIONS)), toFloats(arrays.get(ACTIONS)), episodeEnds);
        } catch (IllegalArgumentException inconsistent) {
            throw DataFormatException.in(file, inconsistent.getMessage());
        }
    }

    /** Writes an .npz file atomically. */
    public void write(Path file) throws IOException {
        Map<String, DataMatrix> floats = new LinkedHashMap<>();
        floats.put(OBSERVATIONS, observations);
        floats.put(ACTIONS, actions);
        long[] ends = Arrays.stream(episodeEnds).asLongStream().toArray();
        NpzArchive.write(file, floats, Map.of(EPISODE_ENDS, ends));
    }

    private static DataMatrix toFloats(DoubleMatrix matrix) {
        float[] values = new float[matrix.values().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) matrix.values()[i];
        }
        return new DataMatrix(matrix.rows(), matrix.cols(), values);
    }

    /** Collects episodes step by step. */
    public static final class Builder {
        private final int observationSize;
        private final int actionSize;
        private final List<float[]> observationRows = new ArrayList<>();
        private final List<float[]> actionRows = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();

        public Builder(int observationSize, int actionSize) {
            this.observationSize = observationSize;
            this.actionSize = actionSize;
        }

        public void step(float[] observation, float[] action) {
            if (observation.length != observationSize || action.length != actionSize) {
                throw new IllegalArgumentException("a step needs " + observationSize + " observation and " + actionSize
                        + " action values, got " + observation.length + " and " + action.length);
            }
            observationRows.add(observation.clone());
            actionRows.add(action.clone());
        }

        /** Closes the current episode (it must have at least one step). */
        public void endEpisode() {
            int previous = ends.isEmpty() ? 0 : ends.getLast();
            if (observationRows.size() == previous) {
                throw new IllegalStateException("an episode needs at least one step");
            }
            ends.add(observationRows.size());
        }

        public Demonstrations build() {
            return new Demonstrations(
                    DataMatrix.of(observationRows.toArray(float[][]::new)),
                    DataMatrix.of(actionRows.toArray(float[][]::new)),
                    ends.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
