package org.wenjin.llm.model;

import java.util.Arrays;

/**
 * The keys and values of every position seen so far, one pair of arrays per layer, so each new token
 * attends to the past without recomputing it. Position p of layer l occupies
 * {@code keys(l)[p * keyWidth, (p + 1) * keyWidth)} and likewise for values.
 *
 * <p>The cache holds at most {@code capacity} positions (the session's context size). Storage grows by
 * doubling as positions are reserved, so a session opened with a 32K context costs memory only for what it
 * uses; in steady state a token allocates nothing.
 */
public final class KvCache {
    private static final int FIRST_ALLOCATION = 256;

    private final int keyWidth;
    private final int valueWidth;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;
    private int allocated;

    public KvCache(int layers, int keyWidth, int valueWidth, int capacity) {
        if (layers <= 0 || keyWidth <= 0 || valueWidth <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("KV cache needs positive sizes, got layers=" + layers
                    + " keyWidth=" + keyWidth + " valueWidth=" + valueWidth + " capacity=" + capacity);
        }
        long largest = (long) capacity * Math.max(keyWidth, valueWidth);
        if (largest > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a context of " + capacity + " positions of width "
                    + Math.max(keyWidth, valueWidth) + " does not fit one Java array per layer");
        }
        this.keyWidth = keyWidth;
        this.valueWidth = valueWidth;
        this.capacity = capacity;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    /** How many positions the cache can hold: the context size of its sequence. */
    public int capacity() {
        return capacity;
    }

    public int keyWidth() {
        return keyWidth;
    }

    public int valueWidth() {
        return valueWidth;
    }

    /** Makes room for positions {@code [0, positions)}; keeps what is stored. */
    public void reserve(int positions) {
        if (positions > capacity) {
            throw new IllegalArgumentException("position " + (positions - 1) + " is beyond the context of "
                    + capacity + " positions");
        }
        if (positions <= allocated) {
            return;
        }
        int grown = Math.max(positions, Math.min(capacity, Math.max(FIRST_ALLOCATION, 2 * allocated)));
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = Arrays.copyOf(keys[layer], grown * keyWidth);
            values[layer] = Arrays.copyOf(values[layer], grown * valueWidth);
        }
        allocated = grown;
    }

    /** Positions storage currently exists for (at least what was reserved). */
    public int allocated() {
        return allocated;
    }

    public void store(int layer, int position, float[] key, float[] value) {
        store(layer, position, key, 0, value, 0);
    }

    /** Stores {@code key[keyOffset, + keyWidth)} and {@code value[valueOffset, + valueWidth)} at position. */
    public void store(int layer, int position, float[] key, int keyOffset, float[] value, int valueOffset) {
        System.arraycopy(key, keyOffset, keys[layer], position * keyWidth, keyWidth);
        System.arraycopy(value, valueOffset, values[layer], position * valueWidth, valueWidth);
    }

    public float[] keys(int layer) {
        return keys[layer];
    }

    public float[] values(int layer) {
        return values[layer];
    }
}
