package lfm.config;

import java.util.Locale;
import lfm.data.Datasets;
import lfm.data.toy.ImageFit;

/**
 * A named training spec: the settings of one of the authors' configurations ({@link Presets}). The spec
 * holds every value the configuration sets; what it leaves open (the data file, the run folder, the
 * backend) keeps the defaults of {@code lfm train}, and a caller changes them with the spec's {@code with…}
 * methods as for any spec.
 *
 * @param name        the name {@code lfm train --preset} takes
 * @param description what the preset is for and where its values come from
 * @param spec        every training value
 * @param imageFit    how an image given as the data is fitted (the authors stretch both axes to [−4, 4]);
 *                    null for presets of tabular data
 */
public record Preset(String name, String description, TrainSpec spec, ImageFit imageFit) {

    public Preset {
        if (name == null || name.isBlank() || spec == null) {
            throw new IllegalArgumentException("a preset needs a name and a spec");
        }
    }

    /**
     * The preset's spec training on {@code source} (a --data value): an image (PATH.png) takes the
     * preset's image fit and is recorded as such ("stretch:PATH.png").
     */
    public TrainSpec on(String source) {
        return spec.withData(data -> data.withSource(source(source)));
    }

    /** {@code source} with the preset's image fit applied when it is an image without a fit of its own. */
    public String source(String source) {
        String trimmed = source.strip();
        boolean plainImage = trimmed.toLowerCase(Locale.ROOT).endsWith(".png") && trimmed.indexOf(':') < 0;
        return imageFit != null && plainImage ? Datasets.withImageFit(trimmed, imageFit) : source;
    }
}
