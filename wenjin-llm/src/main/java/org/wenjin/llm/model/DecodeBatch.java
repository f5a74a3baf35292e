package org.wenjin.llm.model;

import java.util.function.IntConsumer;

/**
 * Scratch for one decoding step of up to {@link #capacity()} sequences together ({@link
 * Transformer#forward(DecodeBatch, SequenceState[], int[], int[], int)}): the tokens' vectors side by side, the
 * batch's logits, and the attention task over (sequence, head) pairs. Obtain one from {@link
 * Transformer#newDecodeBatch(int)}; use it from one thread at a time.
 */
public final class DecodeBatch {
    final PrefillBatch vectors;
    /** The step's logits, made by the first step that needs them (a prompt's chunks never do). */
    private float[] logits;
    private final int capacity;

    /** The step in flight, read by the attention task. */
    SequenceState[] states;
    int[] positions;
    int layer;
    IntConsumer attention;

    DecodeBatch(ModelConfig config, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a decode batch needs room for at least one sequence, was " + capacity);
        }
        this.capacity = capacity;
        this.vectors = new PrefillBatch(config, capacity);
    }

    /** Room for the logits of a full step over a vocabulary of {@code vocabulary} tokens. */
    float[] logits(int vocabulary) {
        if (logits == null) {
            logits = new float[capacity * vocabulary];
        }
        return logits;
    }

    /** The most sequences one step can hold. */
    public int capacity() {
        return capacity;
    }
}
