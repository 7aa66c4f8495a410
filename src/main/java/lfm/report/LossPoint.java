package lfm.report;

/** One row of loss.csv: the mean loss of the logging interval ending at {@code step} of {@code block}. */
public record LossPoint(int block, long step, double loss, double learningRate, double seconds) {
}
