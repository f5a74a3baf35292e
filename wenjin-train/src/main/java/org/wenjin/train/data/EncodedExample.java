package org.wenjin.train.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An example as token ids with its loss mask: {@code trained[i]} says whether the model is trained to
 * predict {@code tokens[i]} from the tokens before it. The first token has nothing before it, so it is
 * never trained. The arrays are copied in, not out: callers must not change what the accessors return.
 */
public record EncodedExample(int[] tokens, boolean[] trained, String origin) {
    public EncodedExample {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(origin, "origin");
        if (tokens.length != trained.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but " + trained.length + " mask entries (" + origin + ")");
        }
        if (tokens.length > 0 && trained[0]) {
            throw new IllegalArgumentException("the first token cannot be trained: nothing comes before it (" + origin + ")");
        }
        tokens = tokens.clone();
        trained = trained.clone();
    }

    public int length() {
        return tokens.length;
    }

    /** How many tokens the model learns to predict: the loss terms this example adds. */
    public int trainedCount() {
        int count = 0;
        for (boolean t : trained) {
            count += t ? 1 : 0;
        }
        return count;
    }

    /** The first {@code length} tokens, the rest cut off; this example itself if it is no longer. */
    public EncodedExample truncate(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length >= tokens.length) {
            return this;
        }
        return new EncodedExample(Arrays.copyOf(tokens, length), Arrays.copyOf(trained, length), origin);
    }

    /** The ids of the trained tokens, in order: what the model learns to write. */
    public int[] trainedTokens() {
        int[] result = new int[trainedCount()];
        for (int i = 0, k = 0; i < tokens.length; i++) {
            if (trained[i]) {
                result[k++] = tokens[i];
            }
        }
        return result;
    }

    // The record's own equals and hashCode would compare the arrays by identity.

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedExample that && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(trained, that.trained) && origin.equals(that.origin);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(trained)) + origin.hashCode();
    }

    @Override
    public String toString() {
        return "EncodedExample[" + origin + ", " + tokens.length + " tokens, " + trainedCount() + " trained]";
    }
}
