package org.wenjin.llm.tokenizer;

import java.util.Arrays;

/**
 * The BPE merge rules of a vocabulary, keyed by the ids of the two tokens they join: for each pair its
 * rank (the rule's position in {@code tokenizer.ggml.merges}, lower merges first) and the id of the
 * joined token. An open-addressing table of primitive longs, since Qwen's 151,387 rules would otherwise
 * be as many boxed map entries.
 */
final class MergeTable {

    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] results;
    private final int mask;
    private int size;

    private MergeTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
        keys = new long[slots];
        Arrays.fill(keys, EMPTY);
        ranks = new int[slots];
        results = new int[slots];
        mask = slots - 1;
    }

    /**
     * Reads merge rules written as {@code "left right"}. The separator is the first space after the
     * first character, as in llama.cpp. A rule whose two parts or whose joined text is not a token
     * cannot produce a token and is left out (Hugging Face refuses such a file when loading it); of two
     * rules for the same pair the first wins.
     *
     * @throws IllegalArgumentException if a rule has no separating space
     */
    static MergeTable of(String[] rules, Vocabulary vocabulary) {
        MergeTable table = new MergeTable(rules.length);
        for (int rank = 0; rank < rules.length; rank++) {
            String rule = rules[rank];
            int space = rule.indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("merge rule " + rank + " '" + rule + "' has no space between its two tokens");
            }
            String left = rule.substring(0, space);
            String right = rule.substring(space + 1);
            int leftId = vocabulary.idOf(left);
            int rightId = vocabulary.idOf(right);
            int joined = vocabulary.idOf(left + right);
            if (leftId >= 0 && rightId >= 0 && joined >= 0) {
                table.putIfAbsent(leftId, rightId, rank, joined);
            }
        }
        return table;
    }

    int size() {
        return size;
    }

    /** The slot of the rule joining these tokens, or -1 when there is none. */
    int find(int left, int right) {
        long key = key(left, right);
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    int rank(int slot) {
        return ranks[slot];
    }

    int result(int slot) {
        return results[slot];
    }

    private void putIfAbsent(int left, int right, int rank, int result) {
        long key = key(left, right);
        int slot = hash(key) & mask;
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
        results[slot] = result;
        size++;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private static int hash(long key) {
        // The 64-bit finalizer of MurmurHash3: token ids are small and clustered, so mix all bits.
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }
}
