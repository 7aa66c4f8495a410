package lfm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lfm.api.EvalSpec;
import lfm.api.Evaluation;
import lfm.api.Evaluator;
import lfm.api.Model;
import lfm.api.Training;
import lfm.backend.Backends;
import lfm.config.TrainSpec;
import lfm.report.RunOverview;
import lfm.report.RunStatus;
import lfm.run.RunFolder;

/**
 * One run of {@code lfm sweep}, through {@link lfm.api}: trains it ({@link Training#plan}), resumes it
 * when a stopped sweep left it partial ({@link Training#resume}) or leaves it when complete, then
 * evaluates it ({@link Evaluator#evaluate}, which keeps eval.json) unless it already was. Its progress
 * and results go to its own log file as plain lines.
 *
 * @param folder     the run folder
 * @param spec       the run's training spec (its run.out is {@code folder})
 * @param evaluation what to evaluate; null = no evaluation
 * @param log        the log file, appended to
 * @param debug      stack traces of failures into the log
 */
record SweepRun(Path folder, TrainSpec spec, EvalSpec evaluation, Path log, boolean debug) {

    /** Does what the run still needs; returns its outcome ("trained, evaluated", "already trained", ...). */
    String call() throws IOException {
        Files.createDirectories(log.getParent());
        try (PrintStream out = new PrintStream(
                Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true,
                StandardCharsets.UTF_8)) {
            ProgressReporter progress = new ProgressReporter(out, false);
            RunStatus status =
                    RunOverview.isRun(folder) ? RunOverview.read(folder).status() : null;
            if (status == RunStatus.FAILED) {
                return "failed earlier (" + RunOverview.read(folder).error() + "); delete " + folder
                        + " to train it again";
            }
            Model model = null;
            try {
                String trained = "already trained";
                if (status != RunStatus.COMPLETE) {
                    out.println((status == null ? "training " : "resuming ") + folder);
                    try {
                        model = (status == null ? Training.plan(spec) : Training.resume(folder)).run(progress);
                    } catch (IOException | RuntimeException failed) {
                        return failure("training failed", failed, out);
                    }
                    trained = status == null ? "trained" : "resumed and trained";
                }
                return trained + evaluate(model, progress, out);
            } finally {
                if (model != null) {
                    model.close();
                }
            }
        }
    }

    /** Evaluates the run (loading it when {@code trained} is null); the outcome's second part. */
    private String evaluate(Model trained, ProgressReporter progress, PrintStream out) {
        if (evaluation == null) {
            return "";
        }
        if (Files.exists(new RunFolder(folder).evalResult(evaluation.distilled()))) {
            return ", already evaluated";
        }
        out.println("evaluating " + folder);
        Model loaded = null;
        try {
            Model model = trained;
            if (model == null) {
                model = loaded = Model.load(
                        folder,
                        () -> Backends.create(spec.run().backend(), spec.run().threads(), progress::notice));
            }
            Evaluation result = Evaluator.of(model, evaluation).evaluate(progress);
            out.println(result.toJson());
            return ", evaluated";
        } catch (IOException | RuntimeException failed) {
            return ", " + failure("eval failed", failed, out);
        } finally {
            if (loaded != null) {
                loaded.close();
            }
        }
    }

    private String failure(String what, Exception failed, PrintStream out) {
        String message = ErrorMessages.describe(failed);
        out.println(what + ": " + message);
        if (debug) {
            failed.printStackTrace(out);
        }
        return what + " (" + message + ")";
    }
}
