package org.wenjin.llm.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes the sequences of concurrent conversations together (continuous batching). Each generating thread
 * calls {@link #forward} for its own sequence as it would call {@link Transformer#forward(SequenceState, int,
 * int)}; calls that meet are run as one {@link DecodeBatch} step, which reads every weight matrix once for all
 * of them. Sequences join and leave between steps: nothing waits for a batch to fill or to finish, and each
 * sequence keeps its own KV cache, sampler and stop conditions in its own thread.
 *
 * <p>How long a step waits for company: a thread that has {@linkplain #enter() entered} the decoding loop is
 * expected back after sampling its token, so a step starts once every entered thread has called (or the
 * batch is full), or after {@code gather} at the latest, which bounds what a slow listener costs the others.
 * One thread alone never waits.
 */
public final class ConcurrentDecoder {
    /** Longest a step waits for the other entered threads (they are usually sampling, well under this). */
    static final long DEFAULT_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Transformer transformer;
    private final DecodeBatch batch;
    private final long gatherNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Call[] pending;
    private int pendingCount;
    private long oldestPending;
    private boolean stepping;
    private int entered;
    private final SequenceState[] states;
    private final int[] tokens;
    private final int[] positions;
    private final Call[] running;
    private long steps;
    private long sequenceSteps;

    /** One thread's request for a step; reused by that thread. */
    private static final class Call {
        SequenceState state;
        int token;
        int position;
        boolean done;
        RuntimeException failure;
    }

    private final ThreadLocal<Call> calls = ThreadLocal.withInitial(Call::new);

    /** A decoder that steps up to {@code capacity} sequences at once. */
    public ConcurrentDecoder(Transformer transformer, int capacity) {
        this(transformer, capacity, DEFAULT_GATHER_NANOS);
    }

    ConcurrentDecoder(Transformer transformer, int capacity, long gatherNanos) {
        this.transformer = transformer;
        this.batch = transformer.newDecodeBatch(capacity);
        this.gatherNanos = gatherNanos;
        this.pending = new Call[capacity];
        this.running = new Call[capacity];
        this.states = new SequenceState[capacity];
        this.tokens = new int[capacity];
        this.positions = new int[capacity];
    }

    /** The most sequences one step holds. */
    public int capacity() {
        return batch.capacity();
    }

    /** The calling thread starts decoding: steps now wait briefly for its calls. Pair with {@link #leave()}. */
    public void enter() {
        lock.lock();
        try {
            entered++;
        } finally {
            lock.unlock();
        }
    }

    /** The calling thread stops decoding (finished, cancelled or failed). */
    public void leave() {
        lock.lock();
        try {
            entered--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Steps run so far, and the sequence tokens decoded in them: their ratio is the mean batch size. */
    public record Counts(long steps, long sequenceSteps) {}

    /** What this decoder has run so far. */
    public Counts counts() {
        lock.lock();
        try {
            return new Counts(steps, sequenceSteps);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code token} at {@code position} of {@code state}, together with whatever other sequences are
     * stepping now, and returns the logits of what follows (the state's buffer).
     */
    public float[] forward(SequenceState state, int token, int position) {
        // Checked here, before the step, so that one caller's bad input fails that caller alone.
        int vocabulary = transformer.config().vocabularySize();
        if (token < 0 || token >= vocabulary) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, " + vocabulary + ")");
        }
        if (position < 0 || position >= state.contextSize()) {
            throw new IllegalArgumentException("position " + position + " is outside the context of "
                    + state.contextSize() + " positions");
        }
        Call call = calls.get();
        call.state = state;
        call.token = token;
        call.position = position;
        call.done = false;
        call.failure = null;
        lock.lock();
        try {
            while (pendingCount == pending.length) {
                changed.awaitUninterruptibly(); // the queue of the next step is full: wait for a step to take it
            }
            if (pendingCount == 0) {
                oldestPending = System.nanoTime();
            }
            pending[pendingCount++] = call;
            changed.signalAll();
            while (!call.done) {
                if (!stepping && ready()) {
                    step();
                } else if (stepping) {
                    changed.awaitUninterruptibly();
                } else {
                    long left = gatherNanos - (System.nanoTime() - oldestPending);
                    if (left > 0) {
                        changed.awaitNanos(left);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a decoding step", e);
        } finally {
            lock.unlock();
        }
        if (call.failure != null) {
            throw call.failure;
        }
        return state.logits();
    }

    /** Whether the pending calls should run now; holds the lock. */
    private boolean ready() {
        return pendingCount > 0 && (pendingCount >= Math.max(1, entered) || pendingCount == pending.length
                || System.nanoTime() - oldestPending >= gatherNanos);
    }

    /** Takes the pending calls and runs them as one step without the lock; holds the lock on entry and exit. */
    private void step() {
        int n = pendingCount;
        for (int i = 0; i < n; i++) {
            running[i] = pending[i];
            pending[i] = null;
            states[i] = running[i].state;
            tokens[i] = running[i].token;
            positions[i] = running[i].position;
        }
        pendingCount = 0;
        stepping = true;
        lock.unlock();
        RuntimeException failure = null;
        try {
            if (n == 1) {
                transformer.forward(states[0], tokens[0], positions[0]);
            } else {
                transformer.forward(batch, states, tokens, positions, n);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            lock.lock();
        }
        for (int i = 0; i < n; i++) {
            running[i].failure = failure;
            running[i].done = true;
            running[i] = null;
            states[i] = null;
        }
        steps++;
        sequenceSteps += n;
        stepping = false;
        if (pendingCount > 0) {
            oldestPending = System.nanoTime();
        }
        changed.signalAll();
    }
}
