package lfm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-written run folders (config.json, loss.csv, train.json, eval.json, empty block files) for report tests. */
final class RunFolders {
    private RunFolders() {}

    /**
     * A run of {@code blocks − 1} OU blocks + the free block with {@code trained} block files, one loss row
     * per block, and (if {@code energy} is finite) an eval.json with that energy distance.
     */
    static Path write(Path folder, String method, int blocks, int trained, long seed, String status, double energy)
            throws IOException {
        Files.createDirectories(folder);
        StringBuilder gammas = new StringBuilder();
        for (int n = 1; n < blocks; n++) {
            gammas.append(n > 1 ? "," : "").append(0.1 * n);
        }
        Files.writeString(folder.resolve("config.json"), """
                {"method":"%s","data":"8gaussians","dimension":2,"width":16,"gammas":[%s],"stepsPerBlock":100,"seed":%d}
                """.formatted(method, gammas, seed));
        StringBuilder loss = new StringBuilder("block,step,loss,learning_rate,gradient_norm,seconds\n");
        for (int n = 1; n <= trained; n++) {
            loss.append(n)
                    .append(",100,")
                    .append(1.0 / n + seed * 0.01)
                    .append(",0.001,0.5,")
                    .append(2.5 * n)
                    .append('\n');
        }
        Files.writeString(folder.resolve("loss.csv"), loss);
        for (int n = 1; n <= trained; n++) {
            Files.write(folder.resolve(String.format("block-%02d.safetensors", n)), new byte[0]);
        }
        if (status != null) {
            Files.writeString(folder.resolve("train.json"), """
                    {"status":"%s","error":"%s","seconds":%d,"backend":"cpu (test)","machine":{"cpu":"test cpu"},
                     "blocks":[{"block":1,"train_seconds":1.5,"push_seconds":0.5,"step_energy_distance":0.02,"noise_energy_distance":0.4}]}
                    """.formatted(
                            status, status.equals("failed") ? "the loss became NaN" : "", 10 * trained));
        }
        if (Double.isFinite(energy)) {
            Files.writeString(folder.resolve("eval.json"), """
                    {"data":"8gaussians","metrics":{"energy_distance":%s,"mmd_squared":0.001,"sliced_wasserstein1":0.05},
                     "metrics_floor":{"energy_distance":-0.0001,"mmd_squared":0.0,"sliced_wasserstein1":0.01,"reference":"test"},
                     "blocks":{"step_energy_distances":[0.01,0.02],"noise_energy_distance":0.003,"round_trip_rms":1e-6}}
                    """.formatted(energy));
        }
        return folder;
    }
}
