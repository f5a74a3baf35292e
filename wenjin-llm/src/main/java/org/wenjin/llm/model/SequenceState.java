package org.wenjin.llm.model;

import java.util.function.IntConsumer;

/**
 * Everything one sequence needs while it runs through a {@link Transformer}: its KV cache and the scratch
 * vectors of one forward step, sized once from the configuration so a token allocates nothing.
 * Obtain one from {@link Transformer#newState(int)}; use it from one thread at a time.
 */
public final class SequenceState {
    final KvCache cache;
    /** The residual stream. */
    final float[] x;
    /** The normalised residual stream, input of the attention and feed-forward matmuls. */
    final float[] xb;
    /** Output of a projection back to the embedding width, added to the residual stream. */
    final float[] delta;
    final float[] q;
    final float[] k;
    final float[] v;
    /** The heads' attention outputs, concatenated. */
    final float[] heads;
    /** The SwiGLU gate and up projections. */
    final float[] gate;
    final float[] up;
    final float[] ropeCos;
    final float[] ropeSin;
    final float[] logits;
    /** Scratch of batched prefill, made by the first prompt longer than one token. */
    PrefillChunk batch;
    /**
     * Attention of the current layer as a task per (token, query head), run on the matmul threads: token b
     * of {@code attentionTokens} reads its query from {@code attentionQueries} and writes its heads to
     * {@code attentionOutput}, at position {@code attentionStart + b}. Set by the transformer.
     */
    IntConsumer attention;
    int attentionLayer;
    int attentionStart;
    int attentionTokens;
    float[] attentionQueries;
    float[] attentionOutput;

    SequenceState(ModelConfig config, int contextSize, KvCache.Precision precision) {
        this.cache = new KvCache(config.blockCount(), config.keyWidth(), config.valueWidth(), contextSize, precision);
        this.x = new float[config.embeddingLength()];
        this.xb = new float[config.embeddingLength()];
        this.delta = new float[config.embeddingLength()];
        this.q = new float[config.queryWidth()];
        this.k = new float[config.keyWidth()];
        this.v = new float[config.valueWidth()];
        this.heads = new float[config.attentionOutputWidth()];
        this.gate = new float[config.feedForwardLength()];
        this.up = new float[config.feedForwardLength()];
        this.ropeCos = new float[config.ropeDimensions() / 2];
        this.ropeSin = new float[config.ropeDimensions() / 2];
        this.logits = new float[config.vocabularySize()];
    }

    /** Positions this sequence can hold. */
    public int contextSize() {
        return cache.capacity();
    }

    public KvCache cache() {
        return cache;
    }

    /** The logits computed by the last forward step (overwritten by the next one). */
    public float[] logits() {
        return logits;
    }

    /** Makes room for positions {@code [0, positions)} in the cache. */
    void reserve(int positions) {
        cache.reserve(positions);
    }
}
