package lfm.api;

import java.util.List;
import lfm.distill.DistillConfig;
import lfm.distill.Distillation;

/**
 * What {@link Model#distill} did: the stored configuration (distill.json) and, per student, its held-out
 * mean squared error against the teacher before and after training.
 */
public record DistillReport(DistillConfig config, List<Distillation.StudentReport> students) {

    public DistillReport {
        students = List.copyOf(students);
    }

    /** Network evaluations per generated point with these students (students × k). */
    public int evaluationsPerSample() {
        return config.totalEvaluations();
    }
}
