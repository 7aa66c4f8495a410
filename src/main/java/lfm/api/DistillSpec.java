package lfm.api;

import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.UNetSpec;
import lfm.distill.DistillConfig;
import lfm.distill.PairGenerator;
import lfm.flow.ode.OdeSolver;

/**
 * How {@link Model#distill} distils a run's blocks: student g covers {@code mergeBlocks} consecutive
 * teacher blocks and maps their noise end to their data end in k = {@code evaluationsPerBlock} network
 * evaluations, trained by regression on pairs the teacher's ODE produces.
 *
 * @param studentWidth        student hidden width; null = the teacher's (--student-hidden)
 * @param studentDepth        student hidden layers; null = the teacher's (--student-depth)
 * @param evaluationsPerBlock network evaluations per student, k (--nfe-per-block)
 * @param mergeBlocks         consecutive teacher blocks per student (--merge)
 * @param pairs               teacher pairs per student (--pairs)
 * @param pairsFrom           "pool" (pushed training points) or "noise" (teacher generations) (--pairs-from)
 * @param steps               optimiser steps per student (--steps)
 * @param batch               batch size (--batch)
 * @param learningRate        Adam learning rate, cosine-decayed to 1% (--lr)
 * @param teacherSolver       solver of the teacher's pairs (--teacher-solver)
 * @param fresh               start students from random weights instead of the teacher's (--fresh)
 * @param chunkRows           rows per chunk of the teacher's solves (--chunk)
 * @param seed                seed of the pair subsample, the students' weights and batches (--seed)
 */
public record DistillSpec(
        Integer studentWidth,
        Integer studentDepth,
        int evaluationsPerBlock,
        int mergeBlocks,
        int pairs,
        String pairsFrom,
        int steps,
        int batch,
        double learningRate,
        String teacherSolver,
        boolean fresh,
        int chunkRows,
        long seed) {

    public DistillSpec {
        if (evaluationsPerBlock < 1 || mergeBlocks < 1 || pairs < 1 || steps < 1 || batch < 1) {
            throw new IllegalArgumentException("--nfe-per-block, --merge, --pairs, --steps and --batch must be ≥ 1");
        }
        if ((studentWidth != null && studentWidth < 1) || (studentDepth != null && studentDepth < 1) || chunkRows < 1) {
            throw new IllegalArgumentException("--student-hidden, --student-depth and --chunk must be ≥ 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        source(pairsFrom);
        OdeSolver.parse(teacherSolver, 20);
    }

    /** The teacher's shape, one evaluation per block, 20,000 pool pairs, 3,000 steps of batch 1,024, lr 1e-3. */
    public static DistillSpec defaults() {
        return new DistillSpec(
                null, null, 1, 1, 20_000, "pool", 3000, 1024, 1e-3, "dopri5:1e-5,1e-5", false, 20_000, 0);
    }

    /** Students of {@code width} units × {@code depth} hidden layers (null keeps the teacher's). */
    public DistillSpec withStudent(Integer width, Integer depth) {
        return new DistillSpec(
                width,
                depth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    public DistillSpec withEvaluationsPerBlock(int evaluationsPerBlock) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    public DistillSpec withMergeBlocks(int mergeBlocks) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    /** {@code pairs} pairs per student drawn from "pool" or "noise". */
    public DistillSpec withPairs(int pairs, String pairsFrom) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    /** {@code steps} Adam steps of {@code batch} pairs at {@code learningRate}. */
    public DistillSpec withTraining(int steps, int batch, double learningRate) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    public DistillSpec withTeacherSolver(String teacherSolver) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    public DistillSpec withFresh(boolean fresh) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    public DistillSpec withSeed(long seed) {
        return new DistillSpec(
                studentWidth,
                studentDepth,
                evaluationsPerBlock,
                mergeBlocks,
                pairs,
                pairsFrom,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fresh,
                chunkRows,
                seed);
    }

    /** Where the pairs come from. */
    public PairGenerator.Source source() {
        return source(pairsFrom);
    }

    /**
     * The stored form (distill.json) for {@code teacher}: the student shape resolved against the teacher's
     * MLP, started from the teacher's weights when the shapes agree and {@code fresh} is off; a UNet
     * teacher's students are UNets of its preset (width and depth stored as 0), started from the teacher
     * unless {@code fresh}.
     */
    public DistillConfig resolve(RunConfig teacher) {
        if (teacher.spec().model() instanceof UNetSpec) {
            if (studentWidth != null || studentDepth != null) {
                throw new IllegalArgumentException("--student-hidden and --student-depth shape MLP students; the "
                        + "students of a UNet run are UNets of the teacher's preset");
            }
            return new DistillConfig(
                    0,
                    0,
                    "identity",
                    evaluationsPerBlock,
                    mergeBlocks,
                    teacher.spec().flow().schedule().blockCount(),
                    pairs,
                    steps,
                    batch,
                    learningRate,
                    teacherSolver,
                    !fresh,
                    seed);
        }
        if (!(teacher.spec().model() instanceof MlpSpec mlp)) {
            throw new IllegalArgumentException("distillation needs an MLP or UNet teacher; this run's model is "
                    + teacher.spec().model().describe());
        }
        int width = studentWidth != null ? studentWidth : mlp.width();
        int depth = studentDepth != null ? studentDepth : mlp.depth();
        boolean fromTeacher = !fresh && width == mlp.width() && depth == mlp.depth();
        return new DistillConfig(
                width,
                depth,
                mlp.activation(),
                evaluationsPerBlock,
                mergeBlocks,
                teacher.spec().flow().schedule().blockCount(),
                pairs,
                steps,
                batch,
                learningRate,
                teacherSolver,
                fromTeacher,
                seed);
    }

    private static PairGenerator.Source source(String pairsFrom) {
        for (PairGenerator.Source source : PairGenerator.Source.values()) {
            if (source.name().equalsIgnoreCase(String.valueOf(pairsFrom))) {
                return source;
            }
        }
        throw new IllegalArgumentException("--pairs-from must be pool or noise, got " + pairsFrom);
    }
}
