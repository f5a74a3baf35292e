package org.wenjin.llm.model;

import java.util.Locale;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufFormatException;

/**
 * The hyperparameters of a model, read from its GGUF metadata ({@code {arch}.*} keys, see
 * llama.cpp's {@code llama-arch.cpp}). Sizes are in elements.
 *
 * @param architecture      which forward pass and which of its variations
 * @param embeddingLength   width of the residual stream ({@code embedding_length})
 * @param blockCount        number of transformer blocks ({@code block_count})
 * @param headCount         query heads ({@code attention.head_count})
 * @param headCountKv       key/value heads ({@code attention.head_count_kv}); fewer than query heads is GQA
 * @param keyLength         width of a query/key head ({@code attention.key_length}, else embedding/heads)
 * @param valueLength       width of a value head ({@code attention.value_length}, else the key length)
 * @param feedForwardLength hidden width of the SwiGLU feed-forward ({@code feed_forward_length})
 * @param contextLength     positions the model was trained for ({@code context_length})
 * @param vocabularySize    number of tokens ({@code tokenizer.ggml.tokens})
 * @param rmsEpsilon        epsilon of every RMSNorm ({@code attention.layer_norm_rms_epsilon})
 * @param ropeDimensions    leading entries of each head that RoPE rotates ({@code rope.dimension_count})
 * @param ropeFreqBase      RoPE base ({@code rope.freq_base}, default 10000 as in the RoFormer paper)
 * @param ropeLinearScale   position scale, {@code 1 / rope.scaling.factor} (1 when absent)
 */
public record ModelConfig(Architecture architecture, int embeddingLength, int blockCount, int headCount,
                          int headCountKv, int keyLength, int valueLength, int feedForwardLength,
                          int contextLength, int vocabularySize, float rmsEpsilon, int ropeDimensions,
                          double ropeFreqBase, double ropeLinearScale) {

    public ModelConfig {
        String arch = architecture.ggufName();
        positive(arch + ".embedding_length", embeddingLength);
        positive(arch + ".block_count", blockCount);
        positive(arch + ".attention.head_count", headCount);
        positive(arch + ".attention.head_count_kv", headCountKv);
        positive(arch + ".attention.key_length", keyLength);
        positive(arch + ".attention.value_length", valueLength);
        positive(arch + ".feed_forward_length", feedForwardLength);
        positive(arch + ".context_length", contextLength);
        positive("tokenizer.ggml.tokens (vocabulary size)", vocabularySize);
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException(arch + ".attention.head_count " + headCount
                    + " is not a multiple of " + arch + ".attention.head_count_kv " + headCountKv);
        }
        if (ropeDimensions <= 0 || ropeDimensions % 2 != 0 || ropeDimensions > keyLength) {
            throw new IllegalArgumentException(arch + ".rope.dimension_count must be even and in (0, "
                    + keyLength + "], was " + ropeDimensions);
        }
        if (!(rmsEpsilon > 0)) {
            throw new IllegalArgumentException(arch + ".attention.layer_norm_rms_epsilon must be > 0, was " + rmsEpsilon);
        }
        if (!(ropeFreqBase > 0) || !(ropeLinearScale > 0)) {
            throw new IllegalArgumentException(arch + ".rope.freq_base and the rope scaling must be > 0, were "
                    + ropeFreqBase + " and " + ropeLinearScale);
        }
    }

    /**
     * Reads the configuration from a GGUF file's metadata, with llama.cpp's defaults for optional keys
     * ({@code llama_model_loader} in llama-model.cpp): KV heads default to the query heads, the key length
     * to embedding / heads, the value length to the key length, RoPE dimensions to the key length and the
     * RoPE base to 10000.
     *
     * @throws UnsupportedArchitectureException if {@code general.architecture} is not supported
     * @throws GgufFormatException              if a required key is missing or mistyped
     * @throws IllegalArgumentException         if the values are inconsistent
     */
    public static ModelConfig fromGguf(GgufFile file) {
        Architecture architecture = Architecture.fromGguf(file.architecture(), file.path().toString());
        String arch = architecture.ggufName() + ".";
        int embedding = file.getInt(arch + "embedding_length");
        int heads = file.getInt(arch + "attention.head_count");
        int keyLength = file.getInt(arch + "attention.key_length", heads > 0 ? embedding / heads : 0);
        int vocabulary;
        if (file.contains("tokenizer.ggml.tokens")) {
            vocabulary = file.get("tokenizer.ggml.tokens").arrayLength();
        } else if (file.contains(arch + "vocab_size")) {
            vocabulary = file.getInt(arch + "vocab_size");
        } else {
            throw new GgufFormatException(file.path(), -1,
                    "no vocabulary: neither tokenizer.ggml.tokens nor " + arch + "vocab_size is present");
        }
        String scaling = file.getString(arch + "rope.scaling.type", "none").toLowerCase(Locale.ROOT);
        if (!scaling.equals("none") && !scaling.equals("linear")) {
            throw new GgufFormatException(file.path(), file.valueOffset(arch + "rope.scaling.type"),
                    "rope scaling '" + scaling + "' (" + arch + "rope.scaling.type) is not supported; "
                            + "supported: none, linear, and per-frequency factors in rope_freqs.weight");
        }
        // llama.cpp falls back to the older key rope.scale_linear; 0 or absent means no scaling
        float factor = file.getFloat(arch + "rope.scaling.factor", file.getFloat(arch + "rope.scale_linear", 0f));
        try {
            return new ModelConfig(architecture, embedding,
                    file.getInt(arch + "block_count"),
                    heads,
                    file.getInt(arch + "attention.head_count_kv", heads),
                    keyLength,
                    file.getInt(arch + "attention.value_length", keyLength),
                    file.getInt(arch + "feed_forward_length"),
                    file.getInt(arch + "context_length"),
                    vocabulary,
                    file.getFloat(arch + "attention.layer_norm_rms_epsilon"),
                    file.getInt(arch + "rope.dimension_count", keyLength),
                    file.getDouble(arch + "rope.freq_base", 10000.0),
                    factor == 0f ? 1.0 : 1.0 / factor);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(file.path(), -1, e.getMessage());
        }
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    /** Width of all query heads together. */
    public int queryWidth() {
        return headCount * keyLength;
    }

    /** Width of all key heads together: one position of one layer of the key cache. */
    public int keyWidth() {
        return headCountKv * keyLength;
    }

    /** Width of all value heads together: one position of one layer of the value cache. */
    public int valueWidth() {
        return headCountKv * valueLength;
    }

    /** Width of the concatenated attention heads that {@code attn_output} projects back to the embedding. */
    public int attentionOutputWidth() {
        return headCount * valueLength;
    }

    /** Query heads sharing one key/value head (grouped-query attention, Ainslie et al., arXiv:2305.13245). */
    public int queriesPerKvHead() {
        return headCount / headCountKv;
    }
}
