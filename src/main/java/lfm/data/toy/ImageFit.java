package lfm.data.toy;

import java.util.Locale;

/**
 * How an image becomes a 2D density ({@link ImageDensity}): where its pixels sit and what mass each
 * carries.
 */
public enum ImageFit {
    /**
     * The longer side spans [−4, 4], the shorter is centred (aspect ratio kept); a pixel's mass is
     * 1 − grey/255. The default.
     */
    KEEP,
    /**
     * Each axis spans [−4, 4] on its own (the image is stretched to a square); a pixel's mass is
     * max − grey, with max the image's largest grey level, so its brightest pixels are empty. The fit
     * of the LFM authors' 2D image experiments.
     */
    STRETCH;

    /** "keep" or "stretch" (case-insensitive). */
    public static ImageFit parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "keep" -> KEEP;
            case "stretch" -> STRETCH;
            default -> throw new IllegalArgumentException("--image-fit must be keep or stretch, got '" + text + "'");
        };
    }

    /** The lower-case name used on the command line and in data specs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
