package org.wenjin.train.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs encoded examples, in order, into sequences of at most {@code seqLen} tokens: an example goes into the
 * current sequence if it fits, else it starts the next one (greedy next fit: an epoch's shuffled order is kept,
 * and no example is split). Packing spares the compute that padding short examples to the
 * sequence length would waste; positions that restart per document and a document mask keep each example
 * seeing only itself, as if it were alone (the "packing with position ids" of Krell et al. 2021,
 * "Efficient Sequence Packing without Cross-contamination").
 */
public final class Packer {
    private final int seqLen;

    public Packer(int seqLen) {
        if (seqLen < 2) {
            throw new IllegalArgumentException("the sequence length must be at least 2 tokens, not " + seqLen);
        }
        this.seqLen = seqLen;
    }

    public int seqLen() {
        return seqLen;
    }

    /**
     * The examples as training sequences.
     *
     * @throws IllegalArgumentException if an example is longer than the sequence length (encode with
     *     {@link SftEncoder#encodeAll} to truncate) or empty
     */
    public List<TrainingSequence> pack(List<EncodedExample> examples) {
        List<TrainingSequence> sequences = new ArrayList<>();
        List<EncodedExample> current = new ArrayList<>();
        int length = 0;
        for (EncodedExample example : examples) {
            if (example.length() == 0 || example.length() > seqLen) {
                throw new IllegalArgumentException(example.origin() + " has " + example.length()
                        + " tokens; a packed example needs 1 to " + seqLen);
            }
            if (length + example.length() > seqLen) {
                sequences.add(sequence(current, length));
                current.clear();
                length = 0;
            }
            current.add(example);
            length += example.length();
        }
        if (!current.isEmpty()) {
            sequences.add(sequence(current, length));
        }
        return sequences;
    }

    /** The loss terms of all sequences: the number to divide the summed loss by. */
    public static long trainedTargets(List<TrainingSequence> sequences) {
        return sequences.stream().mapToLong(TrainingSequence::trainedTargets).sum();
    }

    private static TrainingSequence sequence(List<EncodedExample> documents, int length) {
        int[] inputs = new int[length];
        int[] targets = new int[length];
        int[] positions = new int[length];
        int[] document = new int[length];
        int at = 0;
        for (int d = 0; d < documents.size(); d++) {
            int[] tokens = documents.get(d).tokens();
            boolean[] trained = documents.get(d).trained();
            for (int i = 0; i < tokens.length; i++, at++) {
                inputs[at] = tokens[i];
                // Input i predicts token i + 1 of the same document; the last token of a document predicts nothing.
                targets[at] = i + 1 < tokens.length && trained[i + 1] ? tokens[i + 1] : TrainingSequence.IGNORED;
                positions[at] = i;
                document[at] = d;
            }
        }
        return new TrainingSequence(inputs, targets, positions, document);
    }
}
