package org.wenjin.train.sft;

import java.nio.file.Path;

/**
 * A JSONL file of examples and how many times each of its examples is trained on per epoch. Repeating a small file
 * of new knowledge among a large file of general text (upsampling) is how a model learns the new without forgetting
 * the old: the general text keeps its behaviour in place while the new examples are seen often enough to be learnt.
 *
 * @param path   the JSONL file
 * @param repeat copies of each example per epoch, at least 1
 */
public record TrainingFile(Path path, int repeat) {

    public TrainingFile {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, was " + repeat + " (for " + path + ")");
        }
    }

    /** A file whose examples are each trained on once per epoch. */
    public static TrainingFile of(Path path) {
        return new TrainingFile(path, 1);
    }
}
