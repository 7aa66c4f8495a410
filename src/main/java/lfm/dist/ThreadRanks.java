package lfm.dist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * P ranks as P threads of one process, for tests: the same {@link Collective} contract (rank-order
 * sums included) with no MPI. Each operation posts this rank's contribution in a shared slot, waits for
 * every rank, reads what it needs and waits again before the slots are reused. A rank that aborts (or
 * fails inside {@link #run}) marks the group broken, so every other rank fails at its next (or current)
 * wait instead of waiting forever; {@link Collective#abort} throws a {@link CollectiveException} here
 * rather than ending the process. A collective that does not complete within the timeout fails too.
 */
public final class ThreadRanks {
    private static final long TIMEOUT_SECONDS = 120;

    private final int size;
    private final Object[] slots;
    private final Object lock = new Object();
    private int arrived;
    private long generation;
    private String abortedBy; // guarded by lock

    public ThreadRanks(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("ranks must be ≥ 1, got " + size);
        }
        this.size = size;
        this.slots = new Object[size];
    }

    /** The collective of rank r (use it from one thread). */
    public Collective rank(int rank) {
        RankOrderSum.checkRank(rank, size);
        return new Rank(rank);
    }

    /**
     * Runs {@code body} on P threads, thread r with rank r's collective, and returns their results by
     * rank; the first failure (by rank) is rethrown after every thread has ended.
     */
    public static <T> List<T> run(int size, Function<Collective, T> body) {
        ThreadRanks ranks = new ThreadRanks(size);
        ExecutorService threads = Executors.newFixedThreadPool(size);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                Collective collective = ranks.rank(r);
                futures.add(threads.submit(() -> {
                    try {
                        return body.apply(collective);
                    } catch (RuntimeException | Error failure) {
                        ranks.breakFor(collective.rank(), failure);
                        throw failure;
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            RuntimeException first = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException failed) {
                    if (first == null) {
                        first = failed.getCause() instanceof RuntimeException runtime
                                ? runtime
                                : new CollectiveException("a rank failed", failed.getCause());
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CollectiveException("interrupted while waiting for the ranks", interrupted);
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private void breakFor(int rank, Throwable failure) {
        synchronized (lock) {
            if (abortedBy == null) {
                abortedBy = "rank " + rank + " failed: " + failure.getMessage();
            }
            lock.notifyAll();
        }
    }

    /** A barrier that stays broken once a rank has failed: every wait then throws at once. */
    private void await(int rank, String operation) {
        synchronized (lock) {
            long deadline = System.nanoTime() + TIMEOUT_SECONDS * 1_000_000_000L;
            long mine = generation;
            if (abortedBy == null && ++arrived == size) {
                arrived = 0;
                generation++;
                lock.notifyAll();
                return;
            }
            while (abortedBy == null && generation == mine) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abortedBy = "a rank did not arrive within " + TIMEOUT_SECONDS + " s";
                    lock.notifyAll();
                    break;
                }
                try {
                    lock.wait(left / 1_000_000 + 1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CollectiveException(operation + " on rank " + rank + " was interrupted", interrupted);
                }
            }
            if (generation == mine) {
                throw new CollectiveException(operation + " on rank " + rank + " of " + size + ": " + abortedBy);
            }
        }
    }

    private final class Rank implements Collective {
        private final int rank;

        Rank(int rank) {
            this.rank = rank;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int localRank() {
            return rank;
        }

        @Override
        public String description() {
            return "threads as ranks, rank " + rank + " of " + size;
        }

        /** Posts a contribution, waits for every rank's, and returns all of them by rank. */
        private Object[] exchange(String operation, Object contribution) {
            slots[rank] = contribution;
            await(rank, operation);
            Object[] all = slots.clone();
            await(rank, operation);
            return all;
        }

        @Override
        public void barrier() {
            exchange("barrier", null);
        }

        @Override
        public byte[] broadcast(byte[] bytes, int root) {
            RankOrderSum.checkRank(root, size);
            Object[] all = exchange("broadcast", rank == root ? bytes.clone() : null);
            return ((byte[]) all[root]).clone();
        }

        @Override
        public byte[][] allGather(byte[] mine) {
            Object[] all = exchange("allGather", mine.clone());
            byte[][] result = new byte[size][];
            for (int r = 0; r < size; r++) {
                result[r] = ((byte[]) all[r]).clone();
            }
            return result;
        }

        @Override
        public void allGather(MemorySegment buffer, long[] byteCounts) {
            long[] offsets = RankOrderSum.checkParts(buffer, byteCounts, size);
            byte[] mine = buffer.asSlice(offsets[rank], byteCounts[rank]).toArray(ValueLayout.JAVA_BYTE);
            Object[] all = exchange("allGather", mine);
            for (int r = 0; r < size; r++) {
                byte[] part = (byte[]) all[r];
                MemorySegment.copy(part, 0, buffer, ValueLayout.JAVA_BYTE, offsets[r], part.length);
            }
        }

        @Override
        public void allReduceSum(MemorySegment values, long count) {
            float[] mine = values.asSlice(0, count * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
            Object[] all = exchange("allReduceSum", mine);
            float[] sum = ((float[]) all[0]).clone();
            for (int r = 1; r < size; r++) {
                float[] part = (float[]) all[r];
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += part[j];
                }
            }
            MemorySegment.copy(sum, 0, values, ValueLayout.JAVA_FLOAT, 0, sum.length);
        }

        @Override
        public void abort(int status) {
            breakFor(rank, new CollectiveException("aborted with status " + status));
            throw new CollectiveException("rank " + rank + " aborted the job (status " + status + ")");
        }

        @Override
        public void close() {}
    }
}
