package lfm.distill;

import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.nn.VelocityField;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * A one-step (or k-step) student: it maps a point at the noise end of its blocks to the data end with
 * k evaluations of a network s shaped like a velocity field,
 * <pre>
 *   x ← x − (1/k)·s(x, tⱼ),   tⱼ = 1 − j/k,   j = 0..k−1
 * </pre>
 * i.e. k Euler steps of t: 1 → 0 with a learned field, so a student started from the teacher's
 * weights begins as the teacher's k-step Euler solve and learns to correct it. A student of a
 * conditional teacher reads each point's condition c at every step, s(x, tⱼ, c), like the teacher.
 */
public final class Student {
    private final VelocityField network;
    private final int evaluations;
    private long evaluationCount;

    public Student(VelocityField network, int evaluations) {
        this.network = network;
        this.evaluations = evaluations;
    }

    /** The student map on the tape (recording or not). x (N, D) → (N, D). */
    public Variable apply(Tape tape, Variable x) {
        return apply(tape, x, null);
    }

    /** The student map of a conditional student: x (N, D), c (N, C) → (N, D). */
    public Variable apply(Tape tape, Variable x, Variable condition) {
        Variable current = x;
        for (int j = 0; j < evaluations; j++) {
            Tensor time = tape.allocate(Shape.matrix(x.rows(), 1));
            tape.backend().fill(time, 1f - (float) j / evaluations);
            Variable velocity = network.forward(tape, current, tape.constant(time), condition);
            current = Functions.add(tape, current, Functions.scale(tape, velocity, -1f / evaluations));
            evaluationCount++;
        }
        return current;
    }

    public VelocityField network() {
        return network;
    }

    public int evaluations() {
        return evaluations;
    }

    /** Network evaluations performed so far (each counts once per batch of points). */
    public long evaluationCount() {
        return evaluationCount;
    }
}
