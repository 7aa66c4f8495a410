package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.api.DistillReport;
import lfm.api.DistillSpec;
import lfm.api.Model;
import lfm.config.RunConfig;
import lfm.distill.DistillConfig;
import lfm.distill.Distillation;
import lfm.policy.Policies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lfm distill}: one-step (or k-step) students for the blocks of a trained run ({@link Model#distill}). */
@Command(
        name = "distill",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        defaultValueProvider = SpecOptions.Distill.class,
        description = "Distil each block (or group of blocks) of a trained run into a few-evaluation student.")
final class DistillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the trained run folder")
    Path run;

    @Option(names = "--student-hidden", description = "student width (default: the teacher's)")
    @SpecField("studentWidth")
    Integer width;

    @Option(names = "--student-depth", description = "student hidden layers (default: the teacher's)")
    @SpecField("studentDepth")
    Integer depth;

    @Option(names = "--nfe-per-block", description = "network evaluations per student, k (default: ${DEFAULT-VALUE})")
    @SpecField("evaluationsPerBlock")
    int evaluations;

    @Option(names = "--merge", description = "consecutive blocks per student (default: ${DEFAULT-VALUE})")
    @SpecField("mergeBlocks")
    int merge;

    @Option(names = "--pairs", description = "teacher pairs per student (default: ${DEFAULT-VALUE})")
    @SpecField("pairs")
    int pairs;

    @Option(
            names = "--pairs-from",
            description = "pool (pushed training points) or noise (teacher generations) (default: ${DEFAULT-VALUE})")
    @SpecField("pairsFrom")
    String pairsFrom;

    @Option(names = "--steps", description = "optimiser steps per student (default: ${DEFAULT-VALUE})")
    @SpecField("steps")
    int steps;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    @SpecField("batch")
    int batch;

    @Option(names = "--lr", description = "learning rate, cosine-decayed (default: ${DEFAULT-VALUE})")
    @SpecField("learningRate")
    double learningRate;

    @Option(names = "--teacher-solver", description = "solver of the teacher's pairs (default: ${DEFAULT-VALUE})")
    @SpecField("teacherSolver")
    String teacherSolver;

    @Option(names = "--fresh", description = "start students from random weights instead of the teacher's")
    @SpecField("fresh")
    boolean fresh;

    @Option(names = "--chunk", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    @SpecField("chunkRows")
    int chunk;

    @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
    @SpecField("seed")
    long seed;

    @Override
    public Integer call() throws Exception {
        RunConfig teacher = Model.readConfig(run);
        DistillSpec distill = SpecOptions.usageErrors(
                spec, () -> SpecOptions.bind(this, DistillSpec.defaults(), DistillSpec.class, tree -> {}));
        DistillConfig config = SpecOptions.usageErrors(spec, () -> distill.resolve(teacher));
        try (Model model = Model.load(run, backendOptions::open)) {
            System.err.printf(
                    "distilling %d blocks into %d students of %d evaluation(s) each (%d in all)%n",
                    config.blocks(), config.groups().size(), evaluations, config.totalEvaluations());
            // A policy folder's run was trained on rows built from its demonstrations: build them again.
            DistillReport report = model.distill(distill, Policies.trainingRows(run), new ProgressReporter(System.err));
            List<Map<String, Object>> students = new ArrayList<>();
            for (Distillation.StudentReport student : report.students()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("blocks", List.of(student.first(), student.last()));
                entry.put("heldout_mse_initial", student.initialError());
                entry.put("heldout_mse", student.trainedError());
                entry.put("seconds", student.seconds());
                students.add(entry);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run", run.toString());
            json.put("students", students);
            json.put("evaluations_per_sample", report.evaluationsPerSample());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }
}
