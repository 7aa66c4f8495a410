package lfm.train;

import java.util.Arrays;
import java.util.List;
import lfm.data.DataMatrix;

/**
 * The result of {@link Trainer#train}: per block the mean loss of its last logging interval and its
 * training and push times, the pool snapshots (p_0 .. p_N) and the total wall time.
 */
public record TrainingSummary(
        double[] finalLoss,
        double[] trainSeconds,
        double[] pushSeconds,
        List<DataMatrix> snapshots,
        double totalSeconds) {

    static final class Builder {
        private final double[] finalLoss;
        private final double[] trainSeconds;
        private final double[] pushSeconds;
        private List<DataMatrix> snapshots = List.of();

        Builder(int blocks) {
            finalLoss = new double[blocks];
            trainSeconds = new double[blocks];
            pushSeconds = new double[blocks];
            Arrays.fill(finalLoss, Double.NaN);
        }

        void loss(int block, double loss) {
            finalLoss[block - 1] = loss;
        }

        void block(int block, double train, double push) {
            trainSeconds[block - 1] = train;
            pushSeconds[block - 1] = push;
        }

        void snapshots(List<DataMatrix> list) {
            snapshots = list;
        }

        TrainingSummary build(double total) {
            return new TrainingSummary(finalLoss, trainSeconds, pushSeconds, snapshots, total);
        }
    }
}
