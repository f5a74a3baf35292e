package org.wenjin.llm.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the next token from a vector of logits as {@link SamplingParameters} describe. One sampler serves
 * one sequence: it remembers the recent tokens for the penalties and owns the seeded random source, so the
 * same seed, prompt and model give the same tokens. All scratch space is allocated up front; sampling a
 * token allocates nothing.
 *
 * <p>Candidates are kept as {@code long} keys that sort by descending logit and then ascending token id,
 * so ties break the same way on every run and the filters can use primitive sorts and selection.
 */
public final class Sampler {
    private final SamplingParameters parameters;
    private final int vocabularySize;
    private final PenaltyWindow window;
    private final SplittableRandom random;
    private final long[] keys;
    private final double[] weights;

    public Sampler(SamplingParameters parameters, int vocabularySize) {
        if (vocabularySize <= 0) {
            throw new IllegalArgumentException("vocabulary size must be positive, was " + vocabularySize);
        }
        this.parameters = parameters;
        this.vocabularySize = vocabularySize;
        this.window = new PenaltyWindow(parameters.hasPenalties() ? parameters.penaltyWindow() : 0, vocabularySize);
        this.random = new SplittableRandom(parameters.seed());
        this.keys = new long[vocabularySize];
        this.weights = new double[vocabularySize];
    }

    public SamplingParameters parameters() {
        return parameters;
    }

    /** Records a token of the sequence (prompt or generated) for the penalties. */
    public void accept(int token) {
        if (token < 0 || token >= vocabularySize) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, " + vocabularySize + ")");
        }
        window.add(token);
    }

    /**
     * Picks the next token. The logits are modified in place (penalties applied); pass a copy to keep them.
     *
     * @throws IllegalArgumentException if the array is shorter than the vocabulary
     * @throws IllegalStateException    if no logit is finite (for example all are NaN)
     */
    public int sample(float[] logits) {
        if (logits.length < vocabularySize) {
            throw new IllegalArgumentException("expected " + vocabularySize + " logits, got " + logits.length);
        }
        if (parameters.hasPenalties()) {
            window.apply(logits, parameters.repetitionPenalty(), parameters.frequencyPenalty(), parameters.presencePenalty());
        }
        if (parameters.isGreedy()) {
            return argmax(logits, vocabularySize);
        }
        int size = 0;
        for (int token = 0; token < vocabularySize; token++) {
            float logit = logits[token];
            if (logit > Float.NEGATIVE_INFINITY) { // also skips NaN
                keys[size++] = key(logit, token);
            }
        }
        if (size == 0) {
            throw new IllegalStateException("no token has a finite logit: the forward pass produced no usable output");
        }
        boolean sorted = false;
        if (parameters.topK() > 0 && parameters.topK() < size) {
            selectSmallest(keys, size, parameters.topK());
            size = parameters.topK();
            Arrays.sort(keys, 0, size);
            sorted = true;
        }
        if (parameters.topP() < 1f) {
            size = topP(logits, size, sorted, parameters.topP());
            sorted = true;
        }
        if (parameters.minP() > 0f) {
            size = minP(logits, size, parameters.minP());
        }
        return draw(logits, size, parameters.temperature());
    }

    /** The token with the highest logit; ties go to the lowest id, NaN never wins. */
    static int argmax(float[] logits, int size) {
        int best = 0;
        float bestLogit = Float.NEGATIVE_INFINITY;
        for (int token = 0; token < size; token++) {
            if (logits[token] > bestLogit) {
                bestLogit = logits[token];
                best = token;
            }
        }
        return best;
    }

    /**
     * Nucleus sampling (Holtzman et al., arXiv:1904.09751): keeps the shortest run of most likely candidates
     * whose softmax probability sums to at least p, counting the token that crosses p.
     *
     * <p>Sorting a whole vocabulary per token is slow, so the candidates with probability of at least a
     * threshold are moved to the front first; they are exactly the head of the sorted order, so if their mass
     * already reaches p only they need sorting. The threshold is lowered until that holds (0 sorts all).
     */
    private int topP(float[] logits, int size, boolean sorted, float p) {
        float max = sorted ? logits(keys[0], logits) : maxLogit(logits, size);
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += Math.exp(logits(keys[i], logits) - max);
        }
        int head = size;
        if (!sorted) {
            for (double threshold : new double[] {1e-3, 1e-5, 1e-7, 0}) {
                double cut = threshold * total;
                double mass = 0;
                head = 0;
                for (int i = 0; i < size; i++) {
                    double weight = Math.exp(logits(keys[i], logits) - max);
                    if (weight >= cut) {
                        mass += weight;
                        long swap = keys[head];
                        keys[head++] = keys[i];
                        keys[i] = swap;
                    }
                }
                if (mass >= p * total) {
                    break;
                }
            }
            Arrays.sort(keys, 0, head);
        }
        double cumulative = 0;
        for (int i = 0; i < head; i++) {
            cumulative += Math.exp(logits(keys[i], logits) - max);
            if (cumulative >= p * total) {
                return i + 1;
            }
        }
        return head;
    }

    /**
     * Min-p sampling (Nguyen et al., arXiv:2407.01082): drops candidates whose probability is below
     * {@code minP} times the top one, i.e. whose logit is below {@code max + ln(minP)}. Order is kept.
     */
    private int minP(float[] logits, int size, float minP) {
        float floor = maxLogit(logits, size) + (float) Math.log(minP);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (logits(keys[i], logits) >= floor) {
                keys[kept++] = keys[i];
            }
        }
        return kept;
    }

    /** Softmax of logits / temperature over the candidates, then one seeded draw. */
    private int draw(float[] logits, int size, float temperature) {
        float max = maxLogit(logits, size);
        double total = 0;
        for (int i = 0; i < size; i++) {
            double weight = Math.exp((logits(keys[i], logits) - max) / temperature);
            weights[i] = weight;
            total += weight;
        }
        double target = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < size; i++) {
            cumulative += weights[i];
            if (target < cumulative) {
                return token(keys[i]);
            }
        }
        return token(keys[size - 1]);
    }

    private float maxLogit(float[] logits, int size) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits(keys[i], logits));
        }
        return max;
    }

    /** A key whose natural order is descending logit, then ascending token id. */
    static long key(float logit, int token) {
        int bits = Float.floatToRawIntBits(logit);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // compares like the float, as a signed int
        return ((long) ~ordered << 32) | (token & 0xffffffffL);
    }

    static int token(long key) {
        return (int) key;
    }

    private static float logits(long key, float[] logits) {
        return logits[(int) key];
    }

    /** Hoare's selection: afterwards {@code keys[0, k)} hold the k smallest keys, in no particular order. */
    static void selectSmallest(long[] keys, int size, int k) {
        int lo = 0;
        int hi = size - 1;
        int target = k - 1;
        while (lo < hi) {
            long a = keys[lo];
            long b = keys[(lo + hi) >>> 1];
            long c = keys[hi];
            long pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = keys[i];
                    keys[i++] = keys[j];
                    keys[j--] = swap;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}
