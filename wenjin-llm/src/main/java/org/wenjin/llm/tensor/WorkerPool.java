package org.wenjin.llm.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Persistent threads that split a matrix-vector product by rows. A call hands the job over through
 * plain fields published by a volatile generation counter, so the hot path allocates nothing; workers
 * spin briefly between jobs (a forward pass issues matmuls back to back) and then park. Rows are claimed in
 * chunks from a shared counter rather than split evenly up front: on a shared machine one core is often
 * slowed for a while, and the others then take over its share instead of waiting for it.
 *
 * <p>One job runs at a time. A second thread that calls while a job is running, or a call too small
 * to be worth waking anyone, computes its rows on its own thread.
 */
final class WorkerPool {

    /** The pool every matmul uses; replaced by {@link #resize}. */
    static volatile WorkerPool shared = new WorkerPool(defaultThreads());

    /** Below this many multiply-adds a matmul runs on the calling thread. */
    private static final long SERIAL_WORK = 1 << 15;
    private static final int SPINS = 1 << 12;

    private final int participants;
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger unfinished = new AtomicInteger();
    /** The first row (or task) not yet claimed by any thread. */
    private final AtomicInteger next = new AtomicInteger();
    /** Rows (or tasks) per claim for the job in flight. */
    private int chunk;

    private FloatTensor tensor;
    private float[] x;
    private QuantizedVector[] rounded;
    private int batch;
    private IntConsumer task;
    private float[] out;
    private int rows;
    private int cols;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile int generation;
    private volatile boolean stopped;

    WorkerPool(int threads) {
        this.participants = Math.max(1, threads);
        this.workers = new Thread[participants - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("wenjin-matmul-" + (i + 1)).unstarted(this::work);
            workers[i].start();
        }
    }

    /** {@code wenjin.llm.threads} if set, else one thread per available processor. */
    private static int defaultThreads() {
        String property = System.getProperty("wenjin.llm.threads");
        return property != null ? Integer.parseInt(property.trim()) : Runtime.getRuntime().availableProcessors();
    }

    /** Replaces the shared pool with one of {@code threads} participants (the caller counts as one). */
    static synchronized void resize(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        WorkerPool old = shared;
        if (old.participants == threads) {
            return;
        }
        shared = new WorkerPool(threads);
        old.lock.lock(); // waits for a job in flight
        try {
            old.stopped = true;
            for (Thread worker : old.workers) {
                LockSupport.unpark(worker);
            }
        } finally {
            old.lock.unlock();
        }
    }

    int threads() {
        return participants;
    }

    /**
     * Runs {@code task} for every index in {@code [0, tasks)}, the indices claimed in contiguous chunks by the
     * threads; on the calling thread alone when the pool is busy or has one thread.
     */
    void parallelFor(int tasks, IntConsumer task) {
        if (workers.length == 0 || tasks < 2 || !lock.tryLock()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            this.task = task;
            this.rows = tasks;
            runJob();
        } finally {
            this.task = null;
            lock.unlock();
        }
    }

    void matmul(FloatTensor tensor, float[] x, QuantizedVector[] rounded, float[] out, int batch, int rows, int cols) {
        if (workers.length == 0 || (long) batch * rows * cols < SERIAL_WORK || !lock.tryLock()) {
            tensor.matmulRows(x, rounded, out, batch, rows, cols, 0, rows);
            return;
        }
        try {
            this.tensor = tensor;
            this.x = x;
            this.rounded = rounded;
            this.batch = batch;
            this.out = out;
            this.rows = rows;
            this.cols = cols;
            runJob();
        } finally {
            this.tensor = null;
            this.x = null;
            this.rounded = null;
            this.out = null;
            lock.unlock();
        }
    }

    /** Hands the job in the fields to the workers, claims rows alongside them and waits for the rest; holds the lock. */
    private void runJob() {
        this.failure = null;
        this.caller = Thread.currentThread();
        // About four claims per thread: enough to even out a slowed core, few enough that each claim's rows
        // keep the kernels' loops long. Even, so the tiled kernel's row pairs stay whole.
        int perThread = Math.max(1, rows / (4 * participants));
        this.chunk = task != null ? perThread : Math.max(8, (perThread + 7) & ~7);
        next.set(0);
        unfinished.set(workers.length);
        generation++; // publishes the fields above to the workers
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        runChunks();
        for (int spin = 0; unfinished.get() != 0; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("worker failed", t);
        }
    }

    /** Claims chunks of the job's rows (or tasks) until none are left. */
    private void runChunks() {
        int size = chunk;
        for (int from; (from = next.getAndAdd(size)) < rows; ) {
            int to = Math.min(rows, from + size);
            if (task != null) {
                for (int i = from; i < to; i++) {
                    task.accept(i);
                }
            } else {
                tensor.matmulRows(x, rounded, out, batch, rows, cols, from, to);
            }
        }
    }

    private void work() {
        int seen = 0;
        while (true) {
            int current;
            for (int spin = 0; (current = generation) == seen; spin++) {
                if (stopped) {
                    return;
                }
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = current;
            try {
                runChunks();
            } catch (Throwable t) {
                failure = t;
            }
            if (unfinished.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
