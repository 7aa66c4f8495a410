package lfm.distill;

/** What {@link Distillation#run} reports while it works (the command line prints it). */
public interface DistillationListener {

    /** Before the teacher's pairs are generated: pairs per student and the solver that makes them. */
    default void pairsStarted(int pairsPerStudent, String solver) {}

    /** After student {@code student} (1-based, data side first) is trained and scored. */
    default void studentFinished(int student, Distillation.StudentReport report) {}

    DistillationListener SILENT = new DistillationListener() {};
}
