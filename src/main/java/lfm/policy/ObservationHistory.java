package lfm.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last {@code history} observations of one episode, the condition of a chunked policy. Before
 * there are enough, the first observation fills the missing past (as in {@link PolicyWindows}).
 */
public final class ObservationHistory {
    private final int history;
    private final Deque<float[]> recent = new ArrayDeque<>();

    public ObservationHistory(int history, float[] first) {
        this.history = history;
        for (int k = 0; k < history; k++) {
            recent.addLast(first.clone());
        }
    }

    public void add(float[] observation) {
        recent.addLast(observation.clone());
        recent.removeFirst();
    }

    /** The condition row: oldest observation first, history·O values. */
    public float[] condition() {
        int size = recent.getFirst().length;
        float[] row = new float[history * size];
        int k = 0;
        for (float[] observation : recent) {
            System.arraycopy(observation, 0, row, k++ * size, size);
        }
        return row;
    }
}
