package lfm.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md, checked on the source of every main class (imports and fully
 * qualified names in code). Packages sit in layers; a package may name types of its own layer and the
 * layers below, never above. Change the table here and in docs/architecture.md together.
 */
class ArchitectureTest {

    /** Bottom to top. */
    enum Layer {
        FOUNDATION,
        COMPUTE,
        MODEL,
        WORKFLOW,
        API,
        APPLICATION
    }

    /** Each package, with its subpackages unless they are listed themselves; "lfm" is the root package alone. */
    static final Map<String, Layer> LAYERS = Map.ofEntries(
            Map.entry("lfm.random", Layer.FOUNDATION),
            Map.entry("lfm.bindings", Layer.FOUNDATION),
            Map.entry("lfm.tensor", Layer.COMPUTE),
            Map.entry("lfm.backend", Layer.COMPUTE),
            Map.entry("lfm.autograd", Layer.MODEL),
            Map.entry("lfm.nn", Layer.MODEL),
            Map.entry("lfm.optim", Layer.MODEL),
            Map.entry("lfm.flow", Layer.MODEL),
            Map.entry("lfm.io", Layer.MODEL),
            Map.entry("lfm.data", Layer.MODEL),
            Map.entry("lfm.metrics", Layer.MODEL),
            Map.entry("lfm.plot", Layer.MODEL),
            Map.entry("lfm.dist", Layer.MODEL),
            Map.entry("lfm.classify", Layer.MODEL),
            Map.entry("lfm.config", Layer.WORKFLOW),
            Map.entry("lfm.run", Layer.WORKFLOW),
            Map.entry("lfm.train", Layer.WORKFLOW),
            Map.entry("lfm.likelihood", Layer.WORKFLOW),
            Map.entry("lfm.distill", Layer.WORKFLOW),
            Map.entry("lfm.eval", Layer.WORKFLOW),
            Map.entry("lfm.bench", Layer.WORKFLOW),
            Map.entry("lfm.api", Layer.API),
            Map.entry("lfm.cli", Layer.APPLICATION),
            Map.entry("lfm.policy", Layer.APPLICATION),
            Map.entry("lfm", Layer.APPLICATION));

    /** Types a layer may name although they sit higher, each with its reason (docs/architecture.md). */
    static final Map<String, Set<Layer>> EXCEPTIONS = Map.of(
            // The fused flow-matching target op takes the interpolant kind; the enum is plain data.
            "lfm.flow.Interpolant", Set.of(Layer.COMPUTE));

    /** The concrete backends: chosen once by name (lfm.backend.Backends) and passed in as a Backend. */
    static final List<String> CONCRETE_BACKENDS =
            List.of("lfm.backend.cpu", "lfm.backend.cuda", "lfm.backend.reference");

    /** Who may name a concrete backend: the backend packages, the benchmarks, the command line, NCCL (CUDA streams). */
    static final List<String> CONCRETE_BACKEND_USERS = List.of("lfm.backend", "lfm.bench", "lfm.cli", "lfm.dist.nccl");

    @Test
    void everyReferenceGoesDownTheLayersOrSideways() {
        List<String> violations = new ArrayList<>();
        for (SourceFile file : SourceFile.mainSources()) {
            for (String reference : file.references()) {
                checkReference(file, reference).ifPresent(violations::add);
            }
        }
        assertTrue(
                violations.isEmpty(),
                violations.size() + " reference(s) against docs/architecture.md:\n  "
                        + String.join("\n  ", violations));
    }

    /** What is wrong with one reference from one file, if anything. */
    static Optional<String> checkReference(SourceFile file, String reference) {
        String from = file.packageName();
        String to = SourceFile.packageOf(reference);
        if (to.equals(from)) {
            return Optional.empty();
        }
        String where = file.path() + " names " + reference + ": ";
        if (isWithin(to, "lfm.cli") && !isWithin(from, "lfm.cli") && !from.equals("lfm")) {
            return Optional.of(where + "only lfm.cli itself and lfm.Launcher may name lfm.cli");
        }
        if (CONCRETE_BACKENDS.stream().anyMatch(backend -> isWithin(to, backend))
                && CONCRETE_BACKEND_USERS.stream().noneMatch(user -> isWithin(from, user))) {
            return Optional.of(where + "a concrete backend is named only by " + CONCRETE_BACKEND_USERS
                    + "; take a lfm.backend.Backend (Backends.create) instead");
        }
        Optional<Layer> fromLayer = layerOf(from);
        Optional<Layer> toLayer = layerOf(to);
        if (fromLayer.isEmpty()) {
            return Optional.empty(); // a package not yet in the table: only the two rules above
        }
        if (toLayer.isEmpty()) {
            return fromLayer.get().compareTo(Layer.WORKFLOW) >= 0
                    ? Optional.empty()
                    : Optional.of(
                            where + from + " (" + fromLayer.get() + ") may not name " + to
                                    + ", a package not in the layer table; list it in ArchitectureTest.LAYERS and docs/architecture.md");
        }
        if (toLayer.get().compareTo(fromLayer.get()) <= 0
                || EXCEPTIONS
                        .getOrDefault(SourceFile.typeOf(reference), Set.of())
                        .contains(fromLayer.get())) {
            return Optional.empty();
        }
        return Optional.of(where + from + " (" + fromLayer.get() + ") may not name " + to + " (" + toLayer.get()
                + "): a layer names only its own and lower layers");
    }

    /** The layer of a package: its own entry, else its nearest listed parent's ("lfm" covers the root alone). */
    static Optional<Layer> layerOf(String packageName) {
        for (String candidate = packageName; ; candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
            Layer layer = LAYERS.get(candidate);
            if (layer != null && (!candidate.equals("lfm") || packageName.equals("lfm"))) {
                return Optional.of(layer);
            }
            if (candidate.indexOf('.') < 0) {
                return Optional.empty();
            }
        }
    }

    private static boolean isWithin(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }

    @Test
    void theRulesCatchWhatTheyForbid() {
        assertTrue(violates("lfm.backend.cpu", "lfm.train.Trainer"), "compute naming workflow");
        assertTrue(violates("lfm.tensor", "lfm.nn.Module"), "compute naming model");
        assertTrue(violates("lfm.nn", "lfm.config.TrainSpec"), "model naming workflow");
        assertTrue(violates("lfm.train", "lfm.api.Model"), "workflow naming the API");
        assertTrue(violates("lfm.api", "lfm.cli.Main"), "the API naming the command line");
        assertTrue(violates("lfm.policy", "lfm.cli.Main"), "an unlisted package naming the command line");
        assertTrue(violates("lfm.train", "lfm.backend.cpu.CpuBackend"), "a concrete backend outside its users");
        assertTrue(violates("lfm.random", "lfm.images.Pixels"), "foundation naming an unlisted package");
        assertTrue(!violates("lfm.backend", "lfm.flow.Interpolant"), "the listed exception");
        assertTrue(violates("lfm.backend", "lfm.flow.Schedule"), "only the listed type is excepted");
        assertTrue(!violates("lfm.nn.unet", "lfm.autograd.Tape"), "a new subpackage takes its parent's layer");
        assertTrue(!violates("lfm.policy", "lfm.api.Model"), "an unlisted package may name the API");
        assertTrue(!violates("lfm.api", "lfm.report.Page"), "the API may name an unlisted package");
        assertTrue(!violates("lfm.data.image", "lfm.nn.ImageShape"), "model layer sideways");
    }

    private static boolean violates(String from, String reference) {
        SourceFile file = new SourceFile(Path.of("Example.java"), from, Set.of(reference));
        return checkReference(file, reference).isPresent();
    }
}
