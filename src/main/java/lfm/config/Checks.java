package lfm.config;

/** Argument checks shared by the spec records; messages name the command-line flag. */
final class Checks {
    private Checks() {}

    static void positive(String flag, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be ≥ 1, got " + value);
        }
    }
}
