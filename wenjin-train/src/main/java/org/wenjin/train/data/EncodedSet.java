package org.wenjin.train.data;

import java.util.List;

/**
 * A data set as token ids, with what encoding did to it.
 *
 * @param examples the encoded examples, in the order they were given, each at most the sequence length
 * @param truncated how many examples were longer than the sequence length and lost their end
 * @param dropped how many examples were left out: the chat template failed on them, or nothing was left to
 *     train after truncation
 * @param problems one line for each truncation, each example left out, and each chat whose earlier turns
 *     could not be trained, in example order
 */
public record EncodedSet(List<EncodedExample> examples, int truncated, int dropped, List<DataProblem> problems) {
    public EncodedSet {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** The loss terms of one pass over the examples. */
    public long trainedTokens() {
        return examples.stream().mapToLong(EncodedExample::trainedCount).sum();
    }
}
