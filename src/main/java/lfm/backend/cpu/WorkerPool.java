package lfm.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads plus the calling thread, running one {@link Task} at a time with a
 * static partition: participant w of W always gets the same share of the same call, so results that
 * depend on the split (none should, but reductions combine per-chunk partials) are reproducible.
 *
 * <p>Nothing is allocated per call: the task is a long-lived object whose fields the caller set
 * before {@link #run}. Waiting threads spin briefly (a training loop dispatches every few
 * microseconds) and then park, so an idle pool costs nothing on a shared machine.
 *
 * <p>One caller at a time: the CPU backend is driven by a single thread (the tape's).
 *
 * <p>Failures: the first exception thrown by any participant is rethrown to the caller of
 * {@link #run}/{@link #runAll} once every participant has returned. Participants waiting in
 * {@link #barrier} when another one has failed leave it (by a private exception the pool swallows)
 * instead of waiting for an arrival that will never come; the pool stays usable afterwards.
 */
final class WorkerPool implements AutoCloseable {

    /** Work split over participants; participant 0 is the calling thread. */
    interface Task {
        void run(int worker, int workers);
    }

    /** Spins before parking: about 20–50 µs, longer than the gap between two ops of a step. */
    private static final int SPINS_BEFORE_PARK = 1 << 12;

    private final int size;
    private final Thread[] workers; // index 0 unused (the caller)
    private final AtomicIntegerArray parked; // 1 while worker w is (about to be) parked
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation; // bumped once per dispatch; publishes the task
    private int dispatches; // the caller's count of dispatches (only the caller writes)
    private volatile int barrierGeneration;
    private volatile boolean closed;
    private volatile Task task;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread caller;

    /** @param size participants in all, the calling thread included (≥ 1) */
    WorkerPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + size);
        }
        this.size = size;
        this.workers = new Thread[size];
        this.parked = new AtomicIntegerArray(size);
        for (int w = 1; w < size; w++) {
            int index = w;
            Thread thread = new Thread(() -> workLoop(index), "lfm-cpu-" + w);
            thread.setDaemon(true);
            workers[w] = thread;
            thread.start();
        }
    }

    /** Participants in all (worker threads + the caller). */
    int size() {
        return size;
    }

    /**
     * Runs {@code task} on every participant and returns when all are done; rethrows the first failure.
     * With {@code items < minItemsPerWorker · 2} the caller runs it alone (as worker 0 of 1): waking
     * threads costs more than small work.
     */
    void run(Task task, long items, long minItemsPerWorker) {
        int parts = (int) Math.min(size, Math.max(1, items / Math.max(1, minItemsPerWorker)));
        if (parts == 1 || closed) {
            task.run(0, 1);
            return;
        }
        runAll(task);
    }

    /** Runs {@code task} on every participant (W = {@link #size()}), whatever the amount of work. */
    void runAll(Task task) {
        if (size == 1) {
            task.run(0, 1);
            return;
        }
        this.task = task;
        failure.set(null);
        arrived.set(0); // a barrier left by a failure may hold stale arrivals
        this.caller = Thread.currentThread();
        pending.set(size - 1);
        generation = ++dispatches; // volatile write: workers see the task
        for (int w = 1; w < size; w++) {
            if (parked.get(w) != 0) {
                LockSupport.unpark(workers[w]);
            }
        }
        runShare(0);
        awaitWorkers();
        this.task = null;
        Throwable error = failure.getAndSet(null);
        if (error != null) {
            if (error instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (error instanceof Error fatal) {
                throw fatal;
            }
            throw new IllegalStateException(error);
        }
    }

    /** Runs participant {@code index}'s share, keeping the first failure of the call. */
    private void runShare(int index) {
        try {
            task.run(index, size);
        } catch (BarrierAbandoned abandoned) {
            // another participant failed first; its exception is the one reported
        } catch (Throwable error) {
            failure.compareAndSet(null, error);
        }
    }

    /** Thrown inside a participant to leave a barrier that a failed participant will never reach. */
    private static final class BarrierAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BarrierAbandoned() {
            super("barrier abandoned after a failure in another participant", null, false, false);
        }
    }

    /**
     * Waits until every participant of the running task has called it. Only for tasks started with
     * {@link #runAll} (every participant must arrive). If a participant fails, the others leave the
     * barrier instead of waiting for it, and the call rethrows that failure.
     */
    void barrier(int workers) {
        if (workers == 1) {
            return;
        }
        int phase = barrierGeneration;
        if (arrived.incrementAndGet() == workers) {
            arrived.set(0);
            barrierGeneration = phase + 1;
            return;
        }
        int spins = 0;
        while (barrierGeneration == phase) {
            if (failure.get() != null) {
                throw new BarrierAbandoned();
            }
            if (++spins < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void awaitWorkers() {
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    private void workLoop(int index) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (closed) {
                    return;
                }
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    // Announce, then re-check (both volatile): either the caller sees the flag and
                    // unparks us, or we see its new generation here.
                    parked.set(index, 1);
                    if (generation == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked.set(index, 0);
                }
            }
            seen = generation;
            runShare(index);
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Start of part {@code part} when {@code count} items are split into {@code parts} nearly equal parts. */
    static long splitPoint(long count, int part, int parts) {
        return count * part / parts;
    }

    @Override
    public void close() {
        closed = true;
        for (int w = 1; w < size; w++) {
            LockSupport.unpark(workers[w]);
        }
    }
}
