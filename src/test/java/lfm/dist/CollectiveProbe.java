package lfm.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import lfm.dist.mpi.MpiCollective;

/**
 * A program for {@code mpirun -np P}: runs every {@link Collective} operation and prints one "ok" line
 * per check (or "FAILED ..."), so a test can read what each rank saw. {@link CollectiveChecks} holds the
 * checks, shared with the threads-as-ranks test. Argument "then-fail": after the checks rank 1 prints
 * the time and aborts the job, while the others wait in a barrier that never completes (so one launch
 * checks both).
 */
public final class CollectiveProbe {
    private CollectiveProbe() {}

    public static void main(String[] args) {
        MpiCollective collective = MpiCollective.initialize();
        System.out.println("rank " + collective.rank() + " of " + collective.size() + ", local rank "
                + collective.localRank() + ": " + collective.description());
        provokeImplicitNullChecks();
        for (String line : CollectiveChecks.all(collective)) {
            System.out.println("rank " + collective.rank() + ": " + line);
        }
        System.out.flush();
        if (args.length > 0 && args[0].equals("then-fail")) {
            collective.barrier();
            if (collective.rank() == 1) {
                System.err.println("lfm: error: rank 1 of " + collective.size() + ": failing on purpose at "
                        + System.currentTimeMillis() + " ms");
                collective.abort(3);
            }
            collective.barrier();
            System.out.println("rank " + collective.rank() + " passed a barrier that rank 1 never reached");
        }
        collective.close();
    }

    /** The JVM turns null dereferences into SIGSEGV it handles itself: MPI's signal handlers must not take them. */
    private static void provokeImplicitNullChecks() {
        int caught = 0;
        Object[] values = {null, "x"};
        for (int i = 0; i < 200_000; i++) {
            try {
                caught += values[i & 1].hashCode() == 0 ? 1 : 0;
            } catch (NullPointerException expected) {
                caught++;
            }
        }
        if (caught < 100_000) {
            throw new IllegalStateException("null checks misbehaved: " + caught);
        }
    }

    /** Checks of each operation against what the ranks' inputs make the answer; each returns one line. */
    static final class CollectiveChecks {
        private CollectiveChecks() {}

        static java.util.List<String> all(Collective c) {
            return java.util.List.of(
                    broadcast(c),
                    gatherBytes(c),
                    gatherInPlace(c),
                    reduce(c, 1),
                    reduce(c, 1001),
                    reduce(c, 100_003),
                    barrier(c));
        }

        static String broadcast(Collective c) {
            int root = c.size() - 1;
            byte[] got =
                    c.broadcast(c.rank() == root ? "from the last rank".getBytes(StandardCharsets.UTF_8) : null, root);
            return verdict("broadcast", "from the last rank".equals(new String(got, StandardCharsets.UTF_8)));
        }

        static String gatherBytes(Collective c) {
            byte[][] all = c.allGather(("r" + c.rank()).repeat(c.rank() + 1).getBytes(StandardCharsets.UTF_8));
            boolean ok = all.length == c.size();
            for (int r = 0; ok && r < c.size(); r++) {
                ok = new String(all[r], StandardCharsets.UTF_8).equals(("r" + r).repeat(r + 1));
            }
            return verdict("allGather bytes", ok);
        }

        static String gatherInPlace(Collective c) {
            long[] counts = new long[c.size()];
            for (int r = 0; r < c.size(); r++) {
                counts[r] = 4L * (3 * r + 1);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(Arrays.stream(counts).sum());
                long offset = Arrays.stream(counts, 0, c.rank()).sum();
                for (int j = 0; j < 3 * c.rank() + 1; j++) {
                    buffer.set(ValueLayout.JAVA_FLOAT, offset + 4L * j, c.rank() * 100 + j);
                }
                c.allGather(buffer, counts);
                boolean ok = true;
                offset = 0;
                for (int r = 0; r < c.size(); r++) {
                    for (int j = 0; j < 3 * r + 1; j++) {
                        ok &= buffer.get(ValueLayout.JAVA_FLOAT, offset + 4L * j) == r * 100 + j;
                    }
                    offset += counts[r];
                }
                return verdict("allGather in place", ok);
            }
        }

        /** Values whose float sum depends on the order: rank r's element j is share(r, j). */
        static float share(int rank, int j) {
            return switch ((rank + j) % 4) {
                case 0 -> 1e8f + j;
                case 1 -> -1e8f + 0.75f * j;
                case 2 -> 3.3f / (j + 1);
                default -> -0.0f;
            };
        }

        static String reduce(Collective c, int n) {
            float[] values = new float[n];
            for (int j = 0; j < n; j++) {
                values[j] = share(c.rank(), j);
            }
            c.allReduceSum(values);
            int mismatches = 0;
            for (int j = 0; j < n; j++) {
                float expected = share(0, j);
                for (int r = 1; r < c.size(); r++) {
                    expected += share(r, j);
                }
                mismatches += Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(values[j]) ? 0 : 1;
            }
            return verdict("allReduceSum of " + n + " equals the sequential rank-order sum", mismatches == 0)
                    + (mismatches == 0 ? "" : " (" + mismatches + " elements differ)");
        }

        static String barrier(Collective c) {
            c.barrier();
            return verdict("barrier", true);
        }

        private static String verdict(String what, boolean ok) {
            return (ok ? "ok " : "FAILED ") + what;
        }
    }
}
