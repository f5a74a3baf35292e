package org.wenjin.llm.model;

import org.wenjin.llm.tensor.FloatTensor;

/**
 * The weights of one transformer block ({@code blk.N.*} in GGUF). Matrices stay in their file format;
 * norm weights and biases are small and are held as floats. Optional parts are null when the
 * architecture does not have them.
 *
 * @param attentionNorm   {@code attn_norm}, RMSNorm weight before attention
 * @param query           {@code attn_q}, embedding to query heads
 * @param key             {@code attn_k}, embedding to key heads
 * @param value           {@code attn_v}, embedding to value heads
 * @param queryBias       {@code attn_q.bias} or null
 * @param keyBias         {@code attn_k.bias} or null
 * @param valueBias       {@code attn_v.bias} or null
 * @param queryNorm       {@code attn_q_norm}, per-head RMSNorm weight of the queries, or null
 * @param keyNorm         {@code attn_k_norm}, per-head RMSNorm weight of the keys, or null
 * @param attentionOutput {@code attn_output}, concatenated heads back to the embedding
 * @param feedForwardNorm {@code ffn_norm}, RMSNorm weight before the feed-forward
 * @param gate            {@code ffn_gate}, the SwiGLU gate projection
 * @param up              {@code ffn_up}, the SwiGLU up projection
 * @param down            {@code ffn_down}, the projection back to the embedding
 */
public record LayerWeights(float[] attentionNorm, FloatTensor query, FloatTensor key, FloatTensor value,
                           float[] queryBias, float[] keyBias, float[] valueBias,
                           float[] queryNorm, float[] keyNorm, FloatTensor attentionOutput,
                           float[] feedForwardNorm, FloatTensor gate, FloatTensor up, FloatTensor down) {
}
