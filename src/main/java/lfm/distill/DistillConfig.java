package lfm.distill;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Activation;
import lfm.nn.FieldConfig;

/**
 * How a run's blocks were distilled, stored as distill.json in the run folder.
 *
 * @param width          student hidden width (MLP students); 0 with depth 0: every student has the teacher's
 *                       architecture (UNet teachers)
 * @param depth          student hidden layers (MLP students); 0 with width 0 as above
 * @param activation     student activation
 * @param evaluations    network evaluations per student (k: the student takes k Euler-like steps)
 * @param mergeBlocks    consecutive teacher blocks covered by one student (m)
 * @param blocks         teacher blocks N
 * @param pairs          training pairs per student
 * @param steps          optimiser steps per student
 * @param batch          batch size
 * @param learningRate   Adam learning rate
 * @param teacherSolver  solver that produced the target pairs
 * @param fromTeacher    students started from the teacher's weights
 * @param seed           seed of the pair subsample and the batches
 */
public record DistillConfig(
        int width,
        int depth,
        String activation,
        int evaluations,
        int mergeBlocks,
        int blocks,
        int pairs,
        int steps,
        int batch,
        double learningRate,
        String teacherSolver,
        boolean fromTeacher,
        long seed) {

    public DistillConfig {
        if (evaluations < 1 || mergeBlocks < 1 || blocks < 1 || pairs < 1 || steps < 1 || batch < 1) {
            throw new IllegalArgumentException("--nfe-per-block, --merge, --pairs, --steps and --batch must be ≥ 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        Activation.parse(activation);
    }

    /** Whether the students are the teacher's architecture (width and depth 0: a UNet teacher). */
    public boolean teacherArchitecture() {
        return width == 0 && depth == 0;
    }

    public FieldConfig studentField(int dimension, int timeFrequencies) {
        return new FieldConfig(dimension, width, depth, Activation.parse(activation), timeFrequencies);
    }

    /** Students, data side first: student g covers teacher blocks [first, last] and maps x_last → x_{first−1}. */
    public List<int[]> groups() {
        List<int[]> groups = new ArrayList<>();
        for (int first = 1; first <= blocks; first += mergeBlocks) {
            groups.add(new int[] {first, Math.min(first + mergeBlocks - 1, blocks)});
        }
        return groups;
    }

    /** Network evaluations of one generated point: students × k. */
    public int totalEvaluations() {
        return groups().size() * evaluations;
    }
}
