package lfm.train;

import java.util.List;
import java.util.Objects;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;

/** Several training listeners as one, called in order (nulls are left out). Forwards every method. */
public final class CompositeListener implements TrainingListener {
    private final List<TrainingListener> listeners;

    private CompositeListener(List<TrainingListener> listeners) {
        this.listeners = listeners;
    }

    public static TrainingListener of(TrainingListener... listeners) {
        return new CompositeListener(
                java.util.Arrays.stream(listeners).filter(Objects::nonNull).toList());
    }

    @Override
    public void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {
        listeners.forEach(l -> l.blockStarted(block, blocks, fromStep, steps));
    }

    @Override
    public void gradientNorm(Schedule.Block block, long step, double norm) {
        listeners.forEach(l -> l.gradientNorm(block, step, norm));
    }

    @Override
    public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
        listeners.forEach(l -> l.progress(block, blocks, step, steps, loss, learningRate));
    }

    @Override
    public void pushStarted(Schedule.Block block, int points) {
        listeners.forEach(l -> l.pushStarted(block, points));
    }

    @Override
    public void blockDiagnostics(Schedule.Block block, double stepEnergyDistance, double noiseEnergyDistance) {
        listeners.forEach(l -> l.blockDiagnostics(block, stepEnergyDistance, noiseEnergyDistance));
    }

    @Override
    public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
        listeners.forEach(l -> l.blockFinished(block, trainSeconds, pushSeconds, push));
    }

    @Override
    public void notice(String line) {
        listeners.forEach(l -> l.notice(line));
    }
}
