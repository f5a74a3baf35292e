package org.wenjin.llm.tokenizer;

import java.util.Arrays;

/**
 * The candidate merges of one text, smallest key first: a binary min-heap of primitive longs. A key
 * packs the merge's priority in its high 32 bits and the index of the pair's left symbol in its low 32
 * bits, so equal priorities come out leftmost first, as llama.cpp's comparators order them.
 *
 * <p>Entries are never removed when a merge makes them stale; whoever pops one checks that the pair
 * it names still exists with the same priority (lazy deletion, as in llama.cpp).
 */
final class MergeQueue {

    private long[] heap = new long[64];
    private int size;

    static long key(int priority, int left) {
        return ((long) priority << 32) | (left & 0xFFFF_FFFFL);
    }

    static int priority(long key) {
        return (int) (key >> 32);
    }

    static int left(long key) {
        return (int) key;
    }

    /**
     * A priority that sorts higher floats first: the float's bits made order-preserving as a signed int
     * (negative floats have their magnitude bits flipped), then complemented. -0.0 counts as 0.0, as
     * in a float comparison.
     */
    static int descending(float score) {
        int bits = score == 0.0f ? 0 : Float.floatToIntBits(score);
        return ~(bits ^ ((bits >> 31) & 0x7FFF_FFFF));
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long key) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    long poll() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
