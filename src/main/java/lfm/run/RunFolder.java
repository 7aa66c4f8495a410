package lfm.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import lfm.config.RunConfig;
import lfm.config.RunConfigFile;
import lfm.io.AtomicFiles;
import lfm.io.HostTensor;
import lfm.io.SafeTensors;

/**
 * The files of one run:
 * <pre>
 *   config.json                 RunConfig (format-versioned, lfm.config.RunConfigFile): everything needed to rebuild the model
 *   block-01.safetensors ...    final weights of each block ("net.0.weight", ...)
 *   loss.csv                    block,step,loss,learning_rate,gradient_norm,seconds
 *   samples.png, blocks.png, loss.png
 *   train.json                  progress and outcome: status, times and diagnostics per block, machine
 *   eval.json                   the last evaluation, Evaluator.evaluate or `lfm eval` (eval-distilled.json with --distilled)
 *   tb/                         TensorBoard event files (training scalars and figures, eval metrics)
 *   state/checkpoint.json       TrainingState, for --resume: the commit record naming the files below
 *   state/partial-GEN.safetensors   weights, Adam moments and EMA of the block in progress
 *   state/pool-GEN.safetensors      the training pool pushed through the completed blocks
 *   state/snapshots-GEN.safetensors a subsample of the pool after each completed block (for plots)
 *   state/lock                  locked while a process trains in the folder
 * </pre>
 * Every file but loss.csv and tb/ (appended) is written atomically; a checkpoint is one commit
 * ({@link Checkpoints}).
 */
public final class RunFolder {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    public RunFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path blockWeights(int block) {
        return root.resolve(String.format("block-%02d.safetensors", block));
    }

    public Path lossCsv() {
        return root.resolve("loss.csv");
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    /** The TensorBoard log directory. */
    public Path tensorBoard() {
        return root.resolve("tb");
    }

    /** The saved result of the last evaluation (of the distilled students with {@code distilled}). */
    public Path evalResult(boolean distilled) {
        return root.resolve(distilled ? "eval-distilled.json" : "eval.json");
    }

    /** The training record: status, per-block times and diagnostics, machine. */
    public Path trainRecord() {
        return root.resolve("train.json");
    }

    public Path state(String name) {
        return root.resolve("state").resolve(name);
    }

    public void writeConfig(RunConfig config) throws IOException {
        AtomicFiles.write(config(), out -> RunConfigFile.write(config, out));
    }

    /**
     * Reads config.json (migrating an older format); a missing folder or file says what is expected
     * there, a bad file names itself, the problem and the formats ({@link RunConfigFile#read}).
     */
    public RunConfig readConfig() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root + " (no run folder; train one with 'lfm train --out " + root + "')");
        }
        if (!Files.exists(config())) {
            throw new NoSuchFileException(config() + " (not a run folder: config.json is missing)");
        }
        return RunConfigFile.read(config());
    }

    public boolean hasState() {
        return Files.exists(state("checkpoint.json"));
    }

    public TrainingState readState() throws IOException {
        return JSON.readValue(state("checkpoint.json").toFile(), TrainingState.class);
    }

    public void writeTensors(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafeTensors.write(file, tensors, metadata);
    }

    public SafeTensors.Contents readTensors(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file + " (the run folder is incomplete)");
        }
        return SafeTensors.read(file);
    }

    /** Number of blocks with final weights on disk, counting from block 1. */
    public int completedBlockFiles() {
        int block = 0;
        while (Files.exists(blockWeights(block + 1))) {
            block++;
        }
        return block;
    }
}
