package org.wenjin.llm.reference;

import java.util.Arrays;

/**
 * The most likely next tokens at one position, most likely first.
 *
 * @param ids           token ids, by descending logit
 * @param logits        their logits
 * @param probabilities their probabilities: the softmax over the whole vocabulary, not just these k
 */
public record TopK(int[] ids, float[] logits, double[] probabilities) {

    public TopK {
        if (ids.length == 0 || ids.length != logits.length || ids.length != probabilities.length) {
            throw new IllegalArgumentException("top-k needs as many ids, logits and probabilities, at least one each");
        }
        ids = ids.clone();
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    /** The top {@code k} of a full row of logits, with probabilities computed in double precision. */
    public static TopK of(float[] logits, int k) {
        int n = logits.length;
        k = Math.min(k, n);
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        // Selection by descending logit; ties keep the lower id first, as llama.cpp's greedy sampler does.
        int[] ids = new int[k];
        float[] top = new float[k];
        double[] probabilities = new double[k];
        boolean[] taken = new boolean[n];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            ids[j] = best;
            top[j] = logits[best];
            probabilities[j] = Math.exp(logits[best] - max) / sum;
        }
        return new TopK(ids, top, probabilities);
    }

    public int k() {
        return ids.length;
    }

    public int top1() {
        return ids[0];
    }

    /** Probability of the most likely token minus that of the second: how clear the choice is. */
    public double gap() {
        return ids.length > 1 ? probabilities[0] - probabilities[1] : probabilities[0];
    }

    /** The probability of {@code id} if it is among these k, else NaN. */
    public double probabilityOf(int id) {
        for (int j = 0; j < ids.length; j++) {
            if (ids[j] == id) {
                return probabilities[j];
            }
        }
        return Double.NaN;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public float[] logits() {
        return logits.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopK other && Arrays.equals(ids, other.ids) && Arrays.equals(logits, other.logits)
                && Arrays.equals(probabilities, other.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(logits)) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int j = 0; j < ids.length; j++) {
            s.append(j == 0 ? "" : ", ").append(ids[j]).append(String.format(" %.4f", probabilities[j]));
        }
        return s.append(']').toString();
    }
}
