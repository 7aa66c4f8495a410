package lfm.cli;

/**
 * {@code --shard r/P}: part r (0-based) of P of a job split by hand (array jobs of any scheduler), each
 * part computing the rows {@link lfm.dist.ChunkDeal} deals to rank r of P; {@code lfm merge} puts the
 * parts back together, equal to the whole computed at once.
 */
record Shard(int index, int count) {
    static final Shard WHOLE = new Shard(0, 1);

    Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard r/P needs 0 ≤ r < P, got " + index + "/" + count);
        }
    }

    /** Parses "r/P". */
    static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException notANumber) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--shard " + text + ": expected r/P, e.g. 0/4 for the first of four parts");
    }

    boolean whole() {
        return count == 1;
    }
}
