package lfm.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import lfm.io.AtomicFiles;
import lfm.io.HostTensor;
import lfm.io.SafeTensors;

/**
 * The checkpoint of a run as one atomic commit. A checkpoint is a set of state files (the block in
 * progress, the pushed pool, the snapshots) and state/checkpoint.json, which names them:
 * <ol>
 * <li>each new state file is written under a new name, {@code ROLE-GEN.safetensors} (GEN = the commit's
 *     number, also in the file's metadata), atomically (temporary file, flush, rename, directory flush);
 *     a file that does not change keeps the name an earlier commit gave it;</li>
 * <li>checkpoint.json, naming every file of the commit, replaces the old one atomically: this rename is
 *     the commit;</li>
 * <li>files no commit names any more are deleted.</li>
 * </ol>
 * A crash before step 2 leaves the old checkpoint.json naming old files, all still there; after it,
 * the new one naming new files, all complete. Resuming sweeps what a crash left behind (temporary files,
 * files of an uncommitted generation), and every file read is checked against checkpoint.json: its
 * generation, and its own tags (the pool's block, the partial block's Adam step). Checkpoints written
 * before commits were numbered (fixed names, no generation) are checked by those tags alone, and a file
 * that disagrees with checkpoint.json is an error naming both, never silently used.
 *
 * <p>Every write point (before each file, after its temporary copy, after its rename, after the
 * cleanup) is reported to a {@link WritePoints}, which the fault-injection test uses to crash at each.
 */
public final class Checkpoints {
    /** Roles of the state files. */
    public static final String PARTIAL = "partial";

    public static final String POOL = "pool";
    public static final String SNAPSHOTS = "snapshots";
    private static final Pattern GENERATION_FILE = Pattern.compile("(partial|pool|snapshots)-(\\d+)\\.safetensors");
    private static final String GENERATION = "generation";

    private final RunFolder folder;
    private final WritePoints points;

    public Checkpoints(RunFolder folder, WritePoints points) {
        this.folder = folder;
        this.points = points;
    }

    /** A state file to write in a commit: its role, tensors and metadata (the generation is added). */
    public record StateFile(String role, Map<String, HostTensor> tensors, Map<String, String> metadata) {}

    /** The committed state, or {@link TrainingState#FRESH} when the run has none. */
    public TrainingState read() throws IOException {
        return folder.hasState() ? folder.readState() : TrainingState.FRESH;
    }

    /**
     * Commits {@code position} with {@code written} (new content for those roles), keeping the other files
     * of {@code previous} except the roles in {@code dropped}.
     *
     * @return the committed state
     */
    public TrainingState commit(
            TrainingState previous,
            TrainingState position,
            List<StateFile> written,
            Set<String> dropped,
            DataFingerprint data)
            throws IOException {
        long generation = previous.generation() + 1;
        String label = position.where() + ", commit " + generation + ": ";
        Map<String, String> files =
                new LinkedHashMap<>(previous.files() == null ? legacyFiles(previous) : previous.files());
        files.keySet().removeAll(dropped);
        for (StateFile file : written) {
            String name = String.format("%s-%06d.safetensors", file.role(), generation);
            Map<String, String> metadata = new HashMap<>(file.metadata());
            metadata.put(GENERATION, Long.toString(generation));
            writeTensors(folder.state(name), file.tensors(), metadata, label);
            files.put(file.role(), name);
        }
        TrainingState committed = position.committed(generation, files, data);
        String json = label + "state/checkpoint.json";
        points.reached(json + " before");
        AtomicFiles.write(
                folder.state("checkpoint.json"),
                out -> RunFolder.JSON.writeValue(out, committed),
                () -> points.reached(json + " written"));
        points.reached(json + " renamed");
        removeUnnamed(committed);
        points.reached(label + "old state files removed");
        return committed;
    }

    /** Writes an output file of the run (a block's weights) atomically, reporting its write points. */
    public void writeOutput(
            TrainingState position, Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        writeTensors(file, tensors, metadata, position.where() + ": ");
    }

    /**
     * The file of {@code role} in the committed {@code state}, checked: it must exist, carry the
     * generation its name says, and (where it has them) the block and Adam step the state says.
     */
    public SafeTensors.Contents file(TrainingState state, String role) throws IOException {
        String name =
                state.files() == null ? role + ".safetensors" : state.files().get(role);
        if (name == null) {
            throw new IllegalStateException(folder.state("checkpoint.json") + " names no " + role + " file: the "
                    + "state folder is damaged; start the run again");
        }
        Path path = folder.state(name);
        SafeTensors.Contents contents = folder.readTensors(path);
        Map<String, String> tags = contents.metadata();
        var matcher = GENERATION_FILE.matcher(name);
        if (matcher.matches()) {
            String expected = Long.toString(Long.parseLong(matcher.group(2)));
            require(
                    path,
                    expected.equals(tags.get(GENERATION)),
                    "generation " + tags.get(GENERATION) + ", its name says " + expected);
        }
        if (role.equals(POOL)) {
            require(
                    path,
                    Integer.toString(state.completedBlocks()).equals(tags.get("after_block")),
                    "pushed through " + tags.get("after_block") + " blocks, checkpoint.json has "
                            + state.completedBlocks() + " complete");
        } else if (role.equals(PARTIAL)) {
            require(
                    path,
                    Long.toString(state.blockStep()).equals(tags.get("adam_steps")),
                    "Adam step " + tags.get("adam_steps") + ", checkpoint.json is at step " + state.blockStep());
        }
        return contents;
    }

    /**
     * The committed file of {@code role}, checked as {@link #file} checks it, or empty when the last
     * checkpoint has none (e.g. the snapshots of a run that has not finished a block).
     */
    public Optional<SafeTensors.Contents> committedFile(String role) throws IOException {
        TrainingState state = read();
        String name =
                state.files() == null ? role + ".safetensors" : state.files().get(role);
        if (name == null || !Files.exists(folder.state(name))) {
            return Optional.empty();
        }
        return Optional.of(file(state, role));
    }

    /**
     * Removes what a crash can leave in state/ and the run folder: temporary files of interrupted writes
     * and state files of a generation that was never committed. Call it holding the run's lock.
     */
    public void sweep(TrainingState committed) throws IOException {
        AtomicFiles.sweepTemporaries(folder.root());
        AtomicFiles.sweepTemporaries(folder.state("checkpoint.json").getParent());
        removeUnnamed(committed);
    }

    /** Refuses to resume on data other than the run started on (checkpoints that predate the record pass). */
    public void requireSameData(TrainingState state, DataFingerprint current) {
        if (state.data() != null && !state.data().equals(current)) {
            throw new IllegalStateException(folder.root() + ": the training data differ from those the run started "
                    + "on (then " + state.data().describe() + ", now " + current.describe() + "); resume with the "
                    + "same data and settings, or start a new run");
        }
    }

    /** The fixed-name files of a checkpoint written before commits were numbered. */
    private static Map<String, String> legacyFiles(TrainingState state) {
        Map<String, String> files = new LinkedHashMap<>();
        if (state.completedBlocks() > 0) {
            files.put(POOL, "pool.safetensors");
            files.put(SNAPSHOTS, "snapshots.safetensors");
        }
        if (state.blockStep() > 0) {
            files.put(PARTIAL, "partial.safetensors");
        }
        return files;
    }

    private void writeTensors(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata, String label)
            throws IOException {
        String name = folder.root().relativize(file).toString();
        points.reached(label + name + " before");
        SafeTensors.write(file, tensors, metadata, () -> points.reached(label + name + " written"));
        points.reached(label + name + " renamed");
    }

    /** Deletes numbered state files that {@code committed} does not name (and, once numbered, the fixed-name ones). */
    private void removeUnnamed(TrainingState committed) throws IOException {
        Path state = folder.state("checkpoint.json").getParent();
        if (!Files.isDirectory(state)) {
            return;
        }
        Set<String> named = committed.files() == null
                ? Set.of()
                : Set.copyOf(committed.files().values());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state, "*.safetensors")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean numbered = GENERATION_FILE.matcher(name).matches();
                boolean legacy = committed.files() != null
                        && List.of("partial.safetensors", "pool.safetensors", "snapshots.safetensors")
                                .contains(name);
                if ((numbered || legacy) && !named.contains(name)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
        AtomicFiles.syncDirectory(state);
    }

    private static void require(Path file, boolean agrees, String problem) {
        if (!agrees) {
            throw new IllegalStateException(file + " does not belong to the last checkpoint (" + problem + "): the "
                    + "run stopped between two writes of a checkpoint format without commits, or the state folder was "
                    + "changed; start the run again (or restore state/ from a copy)");
        }
    }
}
