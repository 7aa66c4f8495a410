package lfm.dist;

/**
 * Part r (0-based) of P of a job split by hand ({@code lfm sample --shard r/P}, array jobs of any
 * scheduler): the part computes the rows {@link ChunkDeal} deals to rank r of P, with no communication,
 * and the parts joined in order ({@code lfm merge}) equal the whole computed at once.
 *
 * @param index r, 0 ≤ r &lt; P
 * @param count P, the number of parts
 */
public record Shard(int index, int count) {
    /** The whole job: part 0 of 1. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard r/P needs 0 ≤ r < P, got " + index + "/" + count);
        }
    }

    /** Parses "r/P". */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException notANumber) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--shard " + text + ": expected r/P, e.g. 0/4 for the first of four parts");
    }

    public boolean whole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
