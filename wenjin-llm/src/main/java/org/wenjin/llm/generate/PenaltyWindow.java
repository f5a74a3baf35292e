package org.wenjin.llm.generate;

/**
 * The most recent tokens (prompt and generated), with how often each occurs among them: what the
 * repetition, frequency and presence penalties look at. Updating it is O(1) per token and allocates nothing.
 */
final class PenaltyWindow {
    private final int[] ring;
    private final int[] counts;
    private int size;
    private int next;

    PenaltyWindow(int capacity, int vocabularySize) {
        this.ring = new int[capacity];
        this.counts = new int[vocabularySize];
    }

    void add(int token) {
        if (ring.length == 0) {
            return;
        }
        if (size == ring.length) {
            counts[ring[next]]--;
        } else {
            size++;
        }
        ring[next] = token;
        counts[token]++;
        next = (next + 1) % ring.length;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            counts[ring[i]] = 0;
        }
        size = 0;
        next = 0;
    }

    /**
     * Applies the penalties of llama.cpp's {@code llama_sampler_penalties_apply} once to every distinct token
     * of the window: a repetition penalty divides a positive logit and multiplies a negative one (so it
     * always makes the token less likely, as in the CTRL paper, arXiv:1909.05858), then
     * {@code count * frequency + presence} is subtracted (OpenAI's definition).
     */
    void apply(float[] logits, float repetition, float frequency, float presence) {
        for (int i = 0; i < size; i++) {
            int token = ring[i];
            int count = counts[token];
            if (count <= 0) {
                continue; // already penalised through an earlier slot of the ring
            }
            float logit = logits[token];
            logit = logit <= 0 ? logit * repetition : logit / repetition;
            logits[token] = logit - count * frequency - presence;
            counts[token] = -count; // mark as done; restored below
        }
        for (int i = 0; i < size; i++) {
            int token = ring[i];
            if (counts[token] < 0) {
                counts[token] = -counts[token];
            }
        }
    }

    int count(int token) {
        return counts[token];
    }

    int size() {
        return size;
    }
}
