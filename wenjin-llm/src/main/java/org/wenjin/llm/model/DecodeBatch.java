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
    final float[] logits;
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
        this.logits = new float[capacity * config.vocabularySize()];
    }

    /** The most sequences one step can hold. */
    public int capacity() {
        return capacity;
    }
}
