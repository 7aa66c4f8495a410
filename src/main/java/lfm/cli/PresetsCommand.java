package lfm.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import lfm.config.Preset;
import lfm.config.Presets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lfm presets [NAME]}: lists the presets (the authors' settings, then the image presets), or prints
 * every flag one of them resolves to (the same lines as {@code lfm train --preset NAME --show}).
 */
@Command(
        name = "presets",
        mixinStandardHelpOptions = true,
        description = "List the authors' settings, or print every flag of one (as lfm train --preset NAME --show).")
final class PresetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description =
                    "2d, power, gas, miniboone, bsds300, digits-t8, fmnist-xs, " + "fmnist-s, fmnist-m or cifar-paper")
    String name;

    @Override
    public Integer call() {
        if (name == null) {
            for (Preset preset : Presets.all()) {
                System.out.printf(Locale.ROOT, "%-10s %s%n", preset.name(), preset.description());
            }
            return 0;
        }
        return spec.root().subcommands().get("train").execute("--preset", name, "--show");
    }
}
