package org.wenjin.train.data;

import java.util.Arrays;

/**
 * One row of a training batch: several examples (documents) packed one after another. The arrays are shared,
 * not copied: callers must not change them.
 *
 * @param inputs the token ids the model reads
 * @param targets the id the model should predict after each input: the next token when it is trained and in the
 *     same document, else -1 (no loss)
 * @param positions the RoPE position of each input, counted from 0 in each document, so a packed example sees
 *     the positions it would see alone
 * @param documents the number of each input's document within the sequence (0, 1, 2, ...); attention must not
 *     cross from one document into another
 */
public record TrainingSequence(int[] inputs, int[] targets, int[] positions, int[] documents) {
    /** The target of an input that is not trained. */
    public static final int IGNORED = -1;

    public TrainingSequence {
        int n = inputs.length;
        if (targets.length != n || positions.length != n || documents.length != n) {
            throw new IllegalArgumentException("inputs, targets, positions and documents differ in length: " + n + ", "
                    + targets.length + ", " + positions.length + ", " + documents.length);
        }
    }

    public int length() {
        return inputs.length;
    }

    /** How many inputs have a target: the loss terms this sequence adds. */
    public int trainedTargets() {
        int count = 0;
        for (int target : targets) {
            count += target != IGNORED ? 1 : 0;
        }
        return count;
    }

    /** How many documents are packed into it. */
    public int documentCount() {
        return inputs.length == 0 ? 0 : documents[inputs.length - 1] + 1;
    }

    // The record's own equals and hashCode would compare the arrays by identity.

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingSequence that && Arrays.equals(inputs, that.inputs)
                && Arrays.equals(targets, that.targets) && Arrays.equals(positions, that.positions)
                && Arrays.equals(documents, that.documents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(inputs), Arrays.hashCode(targets),
                Arrays.hashCode(positions), Arrays.hashCode(documents)});
    }

    @Override
    public String toString() {
        return "TrainingSequence[" + inputs.length + " tokens, " + documentCount() + " documents, "
                + trainedTargets() + " trained targets]";
    }
}
