package org.wenjin.server.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wenjin.model.Cancellation;

/**
 * Bounds how many answers are generated at once and how many requests may wait for a turn; a request beyond
 * both is refused at once (429) rather than left to pile up. Keeps the cancellation of every admitted request
 * so that shutting down can end them.
 */
public final class GenerationGate {
    private final int maxRunning;
    private final int maxQueued;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Set<Cancellation> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public GenerationGate(int maxRunning, int maxQueued) {
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
        this.running = new Semaphore(maxRunning, true);
    }

    /** A turn to generate; closing it hands the turn to the next waiting request. */
    public final class Turn implements AutoCloseable {
        private final Cancellation cancellation;
        private boolean released;

        private Turn(Cancellation cancellation) {
            this.cancellation = cancellation;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                active.remove(cancellation);
                running.release();
                admitted.decrementAndGet();
            }
        }
    }

    /**
     * Waits for a turn.
     *
     * @throws ApiError 429 when the queue is full, 503 when the server is shutting down or {@code cancellation}
     *     fired while waiting
     */
    public Turn enter(Cancellation cancellation) {
        if (closed) {
            throw ApiError.unavailable("the server is shutting down");
        }
        int count = admitted.incrementAndGet();
        if (count > maxRunning + maxQueued) {
            admitted.decrementAndGet();
            throw ApiError.overCapacity(maxRunning, maxQueued);
        }
        active.add(cancellation);
        try {
            while (!running.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (closed || cancellation.isCancelled()) {
                    throw ApiError.unavailable(closed ? "the server is shutting down" : "the request was cancelled");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active.remove(cancellation);
            admitted.decrementAndGet();
            throw ApiError.unavailable("interrupted while waiting for a turn");
        } catch (ApiError e) {
            active.remove(cancellation);
            admitted.decrementAndGet();
            throw e;
        }
        return new Turn(cancellation);
    }

    /** Requests admitted and not finished: generating or waiting. */
    public int inFlight() {
        return admitted.get();
    }

    /** Refuses new requests from now on. */
    public void close() {
        closed = true;
    }

    /** Waits until no request is in flight or {@code timeout} passes; true if none is left. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (admitted.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Asks every request in flight to stop at its next token. */
    public void cancelAll() {
        for (Cancellation cancellation : active) {
            cancellation.cancel();
        }
    }
}
