package lfm.policy;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import lfm.data.Standardization;
import lfm.io.AtomicFiles;
import lfm.policy.bc.RegressionConfig;
import lfm.run.RunFolder;

/**
 * A trained policy's policy.json. The folder holds, besides it, either bc.safetensors (behaviour
 * cloning) or a conditional flow run (config.json, block-NN.safetensors: generated part = the action
 * chunk, condition = the observation history), so every flow command ({@code lfm sample}, {@code lfm
 * eval}, {@code lfm distill}) works on a flow policy's folder too.
 *
 * @param format         always {@value #FORMAT}
 * @param method         bc | lfm | fm
 * @param shape          history, horizon, executed actions, sizes
 * @param demonstrations the --data file it was trained on
 * @param regression     bc's network and training settings (null for flow policies)
 * @param conditionScale bc's standardisation of conditions (null for flow policies: their run holds it)
 * @param chunkScale     bc's standardisation of chunks (null for flow policies)
 */
public record PolicyConfig(
        String format,
        String method,
        PolicyShape shape,
        String demonstrations,
        RegressionConfig regression,
        Standardization conditionScale,
        Standardization chunkScale) {
    public static final String FORMAT = "lfm-engine policy 1";
    public static final String FILE = "policy.json";

    public PolicyConfig {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a policy file of this version (format '" + format + "')");
        }
        if (!method.equals("bc") && !method.equals("lfm") && !method.equals("fm")) {
            throw new IllegalArgumentException("policy method must be bc, lfm or fm, got " + method);
        }
        if (method.equals("bc") && (regression == null || conditionScale == null || chunkScale == null)) {
            throw new IllegalArgumentException("a bc policy needs its regression settings and standardisations");
        }
    }

    public boolean behaviourCloning() {
        return method.equals("bc");
    }

    public void write(Path folder) throws IOException {
        AtomicFiles.write(folder.resolve(FILE), out -> RunFolder.JSON.writeValue(out, this));
    }

    public static PolicyConfig read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (not a policy folder: train one with 'lfm policy train')");
        }
        try {
            return RunFolder.JSON.readValue(file.toFile(), PolicyConfig.class);
        } catch (JacksonException malformed) {
            throw new IOException(file + ": cannot read the policy: "
                    + malformed.getOriginalMessage().lines().findFirst().orElse("malformed JSON"));
        }
    }
}
