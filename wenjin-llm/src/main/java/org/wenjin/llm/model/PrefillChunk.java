package org.wenjin.llm.model;

/**
 * A sequence's scratch for running its prompt in chunks: the {@link DecodeBatch} whose block loop a chunk shares
 * with batched decoding, and the per-token state and position arrays, which for a chunk name the same state at
 * consecutive positions.
 */
record PrefillChunk(DecodeBatch batch, SequenceState[] states, int[] positions) {
    PrefillChunk(DecodeBatch batch, int tokens) {
        this(batch, new SequenceState[tokens], new int[tokens]);
    }
}
