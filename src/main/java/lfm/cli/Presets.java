package lfm.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The authors' settings (design.md §2) as named presets for {@code lfm train --preset NAME}. A preset
 * fills in the flags the user did not give; flags on the command line always win.
 */
final class Presets {
    private Presets() {
    }

    static Map<String, String> get(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "2d", "rose", "tree" -> {
                values.put("--blocks", "8");
                values.put("--gamma0", "0.025");
                values.put("--rho", "1.25");
                values.put("--hidden", "256");
                values.put("--depth", "3");
                values.put("--activation", "softplus:20");
                values.put("--interpolant", "trig");
                values.put("--batch", "10000");
                values.put("--steps", "50000");
                values.put("--lr", "2e-4");
                values.put("--lr-decay", "0.99");
                values.put("--lr-decay-every", "1000");
            }
            case "power" -> tabular(values, "0.15,0.2,0.26", 4, 256, "relu", 30000, 100000, "5e-3");
            case "gas" -> {
                tabular(values, "0.05", 5, 362, "relu", 50000, 100000, "2e-3");
                values.put("--time-sampling", "beta:1,0.5");
            }
            case "miniboone" -> tabular(values, "0.35", 4, 362, "relu", 1000, 100000, "5e-3");
            case "bsds300" -> {
                tabular(values, "0.25,0.25,0.25", 4, 512, "elu", 500, 30000, "2e-3");
                values.put("--no-warm-start", "true");
            }
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "' (expected 2d, power, gas, miniboone or bsds300)");
        }
        return values;
    }

    private static void tabular(Map<String, String> values, String gammas, int depth, int width, String activation,
                                int batch, int steps, String learningRate) {
        values.put("--gammas", gammas);
        values.put("--depth", Integer.toString(depth));
        values.put("--hidden", Integer.toString(width));
        values.put("--activation", activation);
        values.put("--batch", Integer.toString(batch));
        values.put("--steps", Integer.toString(steps));
        values.put("--lr", learningRate);
        values.put("--push-solver", "dopri5:1e-5,1e-5");
    }
}
