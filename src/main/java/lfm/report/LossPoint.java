package lfm.report;

/**
 * One row of loss.csv: the mean loss of the logging interval ending at {@code step} of {@code block}, the
 * learning rate, the gradient norm of the interval's last step (NaN in files written before that
 * column existed) and the training wall time so far.
 */
public record LossPoint(int block, long step, double loss, double learningRate, double gradientNorm, double seconds) {}
