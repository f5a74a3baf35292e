package org.wenjin.llm.model;

/**
 * Scratch vectors for running up to {@link #SIZE} prompt tokens through the blocks together: the per-token
 * vectors of {@link SequenceState}, one after another ({@code x[b * dim, (b + 1) * dim)} is token b's
 * residual stream), so each weight matrix is read once per chunk instead of once per token.
 */
final class PrefillBatch {
    /**
     * Tokens per chunk: enough that a chunk's arithmetic outweighs reading the weights, small enough that
     * its activations (tens of KB per token for the largest matrices) stay in the L2 cache.
     */
    static final int SIZE = 64;

    final float[] x;
    final float[] xb;
    final float[] delta;
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] heads;
    final float[] gate;
    final float[] up;

    /** Room for {@code tokens} tokens' vectors (a decoding step of that many sequences uses it too). */
    PrefillBatch(ModelConfig config, int tokens) {
        this.x = new float[tokens * config.embeddingLength()];
        this.xb = new float[tokens * config.embeddingLength()];
        this.delta = new float[tokens * config.embeddingLength()];
        this.q = new float[tokens * config.queryWidth()];
        this.k = new float[tokens * config.keyWidth()];
        this.v = new float[tokens * config.valueWidth()];
        this.heads = new float[tokens * config.attentionOutputWidth()];
        this.gate = new float[tokens * config.feedForwardLength()];
        this.up = new float[tokens * config.feedForwardLength()];
    }
}
