package org.wenjin.llm.model;

import java.util.Arrays;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufFormatException;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.tensor.FloatTensor;

/**
 * All weights of a model, named as llama.cpp's {@code llama-arch.cpp} names GGUF tensors.
 *
 * @param tokenEmbedding  {@code token_embd}, one row per token
 * @param layers          the transformer blocks, in order
 * @param outputNorm      {@code output_norm}, the final RMSNorm weight
 * @param output          {@code output}, the classifier; {@code token_embd} itself when the file has no
 *                        {@code output} (tied embeddings, as in Qwen2.5-0.5B and Llama 3.2)
 * @param ropeFactors     {@code rope_freqs}, per-frequency divisors of the RoPE angles (Llama 3.1 scaling),
 *                        or null
 */
public record Weights(FloatTensor tokenEmbedding, LayerWeights[] layers, float[] outputNorm, FloatTensor output,
                      float[] ropeFactors) {

    /**
     * Looks up every tensor the configuration's architecture needs, checking each one's shape.
     *
     * @throws GgufFormatException if a required tensor is missing or has the wrong shape
     */
    public static Weights fromGguf(GgufFile file, ModelConfig config) {
        Reader in = new Reader(file);
        int dim = config.embeddingLength();
        int vocabulary = config.vocabularySize();
        Architecture architecture = config.architecture();
        LayerWeights[] layers = new LayerWeights[config.blockCount()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            boolean bias = architecture.qkvBias() || file.hasTensor(blk + "attn_q.bias");
            boolean norm = architecture.qkNorm();
            layers[i] = new LayerWeights(
                    in.vector(blk + "attn_norm.weight", dim),
                    in.matrix(blk + "attn_q.weight", config.queryWidth(), dim),
                    in.matrix(blk + "attn_k.weight", config.keyWidth(), dim),
                    in.matrix(blk + "attn_v.weight", config.valueWidth(), dim),
                    bias ? in.vector(blk + "attn_q.bias", config.queryWidth()) : null,
                    bias ? in.vector(blk + "attn_k.bias", config.keyWidth()) : null,
                    bias ? in.vector(blk + "attn_v.bias", config.valueWidth()) : null,
                    norm ? in.vector(blk + "attn_q_norm.weight", config.keyLength()) : null,
                    norm ? in.vector(blk + "attn_k_norm.weight", config.keyLength()) : null,
                    in.matrix(blk + "attn_output.weight", dim, config.attentionOutputWidth()),
                    in.vector(blk + "ffn_norm.weight", dim),
                    in.matrix(blk + "ffn_gate.weight", config.feedForwardLength(), dim),
                    in.matrix(blk + "ffn_up.weight", config.feedForwardLength(), dim),
                    in.matrix(blk + "ffn_down.weight", dim, config.feedForwardLength()));
        }
        FloatTensor embedding = in.matrix("token_embd.weight", vocabulary, dim);
        FloatTensor output = file.hasTensor("output.weight") ? in.matrix("output.weight", vocabulary, dim) : embedding;
        float[] ropeFactors = file.hasTensor("rope_freqs.weight")
                ? in.vector("rope_freqs.weight", config.ropeDimensions() / 2)
                : null;
        return new Weights(embedding, layers, in.vector("output_norm.weight", dim), output, ropeFactors);
    }

    /** Finds tensors by name and checks their ggml shapes ({@code [cols, rows]}, ne0 first). */
    private record Reader(GgufFile file) {

        FloatTensor matrix(String name, int rows, int cols) {
            return check(name, new long[] {cols, rows});
        }

        float[] vector(String name, int size) {
            FloatTensor tensor = check(name, new long[] {size});
            float[] values = new float[size];
            tensor.copyTo(0, values, 0, size);
            return values;
        }

        private FloatTensor check(String name, long[] shape) {
            GgufTensorInfo info = file.tensorInfo(name).orElseThrow(() -> new GgufFormatException(file.path(), -1,
                    "missing tensor '" + name + "', which " + file.architecture() + " models need"));
            long[] actual = info.dimensions();
            // ggml drops nothing, but some writers store a vector as [n, 1]; trailing ones are equivalent.
            int rank = actual.length;
            while (rank > shape.length && actual[rank - 1] == 1) {
                rank--;
            }
            if (!Arrays.equals(Arrays.copyOf(actual, rank), shape)) {
                throw new GgufFormatException(file.path(), -1, "tensor '" + name + "' has shape "
                        + Arrays.toString(actual) + ", expected " + Arrays.toString(shape)
                        + " (ggml order, row length first)");
            }
            return file.tensor(name);
        }
    }
}
