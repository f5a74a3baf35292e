package org.wenjin.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A data set divided into training and held-out examples, after identical examples (the same tokens) were
 * reduced to their first occurrence, so that no held-out example is also trained on. Everything follows from
 * the seed: which examples are held out, and the order of the training examples in each epoch, so that a
 * resumed run sees the same order as the run it continues.
 *
 * <p>Random numbers come from {@link java.util.Random}, whose algorithm the Java specification fixes, so a
 * seed gives the same split on every JVM.
 *
 * @param train the training examples, in their original order
 * @param heldOut the held-out examples, in their original order
 * @param duplicates how many examples were left out as copies of an earlier one
 * @param seed the seed of the split and of every epoch's order
 */
public record SftSplit(List<EncodedExample> train, List<EncodedExample> heldOut, int duplicates, long seed) {
    /** The share of examples held out unless asked otherwise. */
    public static final double DEFAULT_HELD_OUT = 0.05;

    public SftSplit {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }

    /**
     * Deduplicates the examples and holds out {@code heldOutFraction} of them (rounded, at least one when there
     * are two or more and the fraction is not 0, never all of them), chosen by the seed.
     */
    public static SftSplit of(List<EncodedExample> examples, double heldOutFraction, long seed) {
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be at least 0 and below 1, not " + heldOutFraction);
        }
        List<EncodedExample> unique = new ArrayList<>(examples.size());
        Set<TokenKey> seen = new HashSet<>();
        for (EncodedExample example : examples) {
            if (seen.add(new TokenKey(example.tokens()))) {
                unique.add(example);
            }
        }
        int n = unique.size();
        int heldOutCount = heldOutFraction == 0 || n < 2 ? 0
                : (int) Math.min(n - 1, Math.max(1, Math.round(n * heldOutFraction)));
        int[] order = permutation(n, new Random(mix(seed, 0)));
        boolean[] held = new boolean[n];
        for (int k = 0; k < heldOutCount; k++) {
            held[order[k]] = true;
        }
        List<EncodedExample> train = new ArrayList<>(n - heldOutCount);
        List<EncodedExample> heldOut = new ArrayList<>(heldOutCount);
        for (int i = 0; i < n; i++) {
            (held[i] ? heldOut : train).add(unique.get(i));
        }
        return new SftSplit(train, heldOut, examples.size() - n, seed);
    }

    /** The training examples in the order of epoch {@code epoch} (0, 1, ...): a shuffle fixed by seed and epoch. */
    public List<EncodedExample> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        int[] order = permutation(train.size(), new Random(mix(seed, epoch + 1L)));
        List<EncodedExample> shuffled = new ArrayList<>(order.length);
        for (int index : order) {
            shuffled.add(train.get(index));
        }
        return shuffled;
    }

    /** 0 .. n-1 in the order of a Fisher-Yates shuffle. */
    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * A seed for one use (0: the split, e + 1: epoch e) of the run's seed, through SplitMix64's finalizer
     * (Steele, Lea and Flood 2014), so that neighbouring seeds and epochs give unrelated streams.
     */
    private static long mix(long seed, long stream) {
        long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Token ids compared by content, for finding identical examples. */
    private record TokenKey(int[] tokens) {
        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey that && Arrays.equals(tokens, that.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }
    }
}
