package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.distill.DistillConfig;
import lfm.distill.Distillation;
import lfm.distill.PairGenerator;
import lfm.run.RunFolder;
import lfm.run.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lfm distill}: one-step (or k-step) students for the blocks of a trained run. */
@Command(name = "distill", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = "Distil each block (or group of blocks) of a trained run into a few-evaluation student.")
final class DistillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the trained run folder")
    Path run;

    @Option(names = "--student-hidden", description = "student width (default: the teacher's)")
    Integer width;

    @Option(names = "--student-depth", description = "student hidden layers (default: the teacher's)")
    Integer depth;

    @Option(names = "--nfe-per-block", defaultValue = "1", description = "network evaluations per student, k (default: ${DEFAULT-VALUE})")
    int evaluations;

    @Option(names = "--merge", defaultValue = "1", description = "consecutive blocks per student (default: ${DEFAULT-VALUE})")
    int merge;

    @Option(names = "--pairs", defaultValue = "20000", description = "teacher pairs per student (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--pairs-from", defaultValue = "pool", description = "pool (pushed training points) or noise (teacher generations) (default: ${DEFAULT-VALUE})")
    String pairsFrom;

    @Option(names = "--steps", defaultValue = "3000", description = "optimiser steps per student (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "1024", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate, cosine-decayed (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--teacher-solver", defaultValue = "dopri5:1e-5,1e-5", description = "solver of the teacher's pairs (default: ${DEFAULT-VALUE})")
    String teacherSolver;

    @Option(names = "--fresh", description = "start students from random weights instead of the teacher's")
    boolean fresh;

    @Option(names = "--chunk", defaultValue = "20000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        RunFolder folder = new RunFolder(run);
        TrainConfig teacher = folder.readConfig();
        DistillConfig config;
        PairGenerator.Source source;
        try {
            int studentWidth = width != null ? width : teacher.width();
            int studentDepth = depth != null ? depth : teacher.depth();
            boolean fromTeacher = !fresh && studentWidth == teacher.width() && studentDepth == teacher.depth();
            config = new DistillConfig(studentWidth, studentDepth, teacher.activation(), evaluations, merge,
                    teacher.schedule().blockCount(), pairs, steps, batch, learningRate, teacherSolver, fromTeacher, seed);
            source = PairGenerator.Source.valueOf(pairsFrom.toUpperCase(Locale.ROOT));
            lfm.flow.ode.OdeSolver.parse(teacherSolver, 20);
        } catch (IllegalArgumentException badValue) {
            throw new ParameterException(spec.commandLine(), badValue.getMessage());
        }
        try (Backend backend = backendOptions.open()) {
            System.err.printf("distilling %d blocks into %d students of %d evaluation(s) each (%d in all)%n",
                    config.blocks(), config.groups().size(), evaluations, config.totalEvaluations());
            List<Distillation.StudentReport> reports = Distillation.run(folder, backend, config,
                    RunData.trainingPool(teacher), source, chunk, System.err::println);
            List<Map<String, Object>> students = new ArrayList<>();
            for (Distillation.StudentReport report : reports) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("blocks", List.of(report.first(), report.last()));
                entry.put("heldout_mse_initial", report.initialError());
                entry.put("heldout_mse", report.trainedError());
                entry.put("seconds", report.seconds());
                students.add(entry);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run", run.toString());
            json.put("students", students);
            json.put("evaluations_per_sample", config.totalEvaluations());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }
}
