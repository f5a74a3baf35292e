package org.wenjin.train.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How LoRA adapts a model (Hu et al., arXiv:2106.09685): each target matrix W gains a trainable update
 * {@code (alpha / rank) · B·A} with A of rank × inputs and B of outputs × rank; B starts at zero, so training starts
 * from the base model exactly.
 *
 * @param rank    the rank r of the update
 * @param alpha   the scale numerator; the update is multiplied by alpha / r
 * @param dropout dropout on the adapter's input during training (0 for none)
 * @param targets which matrices of every block get an adapter
 */
public record LoraSettings(int rank, float alpha, float dropout, Set<LoraTarget> targets) {

    public LoraSettings {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be at least 1, was " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be positive, was " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), was " + dropout);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target matrix");
        }
        // An EnumSet iterates and prints in declaration order, so the settings read the same in every process
        // (a resumed run compares them with the checkpoint's).
        targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
    }

    /** The multiplier of B·A. */
    public float scale() {
        return alpha / rank;
    }
}
