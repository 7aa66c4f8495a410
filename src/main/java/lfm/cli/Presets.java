package lfm.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The authors' settings (design.md §2) as named presets for {@code lfm train --preset NAME}. A preset
 * fills in the flags the user did not give; flags on the command line always win.
 */
final class Presets {
    /** Every preset name, for messages and --help. */
    static final String NAMES = "2d, power, gas, miniboone, bsds300, digits-t8, fmnist-xs, fmnist-s, fmnist-m or "
            + "cifar-paper";

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
            case "digits-t8" -> image(values, "digits-t8", 1000, 64, "1e-3", 50, "0.99", "rk4:10");
            case "fmnist-xs" -> image(values, "fmnist-xs", 1000, 128, "5e-4", 100, "0.999", "rk4:10");
            case "fmnist-s" -> image(values, "fmnist-s", 5000, 128, "2e-4", 500, "0.9995", "dopri5:1e-3,1e-3");
            case "fmnist-m" -> image(values, "fmnist-m", 20000, 128, "2e-4", 2000, "0.9999", "dopri5:1e-3,1e-3");
            case "cifar-paper" -> {
                image(values, "cifar-paper", 50000, 256, "1e-4", 5000, "0.9999", "dopri5:1e-3,1e-3");
                values.put("--hflip", "true");
            }
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected " + NAMES + ")");
        }
        return values;
    }

    /**
     * The authors' image procedure (OU blocks .1, .15, .225 + free block, OT interpolant, linear warm-up then
     * a constant rate, gradient clip 1, EMA of the weights, the whole training set as the pool) on UNet
     * preset {@code unet}, with step counts and EMA decays sized to the preset (cifar-paper: the paper's).
     */
    private static void image(Map<String, String> values, String unet, int steps, int batch, String learningRate,
                              int warmup, String ema, String solver) {
        values.put("--model", "unet:" + unet);
        values.put("--gammas", "0.1,0.15,0.225");
        values.put("--interpolant", "ot");
        values.put("--steps", Integer.toString(steps));
        values.put("--batch", Integer.toString(batch));
        values.put("--lr", learningRate);
        values.put("--lr-decay", "1");
        values.put("--warmup", Integer.toString(warmup));
        values.put("--clip", "1");
        values.put("--ema", ema);
        values.put("--pool", "0");
        values.put("--push-solver", solver);
        values.put("--sample-solver", solver);
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
