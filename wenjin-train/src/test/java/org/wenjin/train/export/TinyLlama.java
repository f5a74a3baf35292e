package org.wenjin.train.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.train.TinyModelFiles;

/**
 * A tiny Llama with random F32 weights, shaped to meet every rule of the Q4_K_M mixture: 4 blocks (use_more_bits
 * picks blocks 2 and 3), rows of 256 values (whole K-quant super-blocks), a feed-forward width of 544 (so
 * {@code ffn_down} rows fall back from Q4_K to Q5_0 and from Q6_K to Q8_0), and a token embedding that is also the
 * classifier (Q6_K). The tokenizer is stories260K's 512-token vocabulary, copied key by key.
 *
 * <p>The output norm's gain of 8 spreads the logits to a standard deviation of about 16 (8 x 0.125 x sqrt(256)):
 * most greedy decisions are clear, a few are close enough for rounding to decide.
 */
record TinyLlama(long seed) {

    static final int BLOCKS = 4;
    static final int EMBEDDING = 256;
    static final int FEED_FORWARD = 544;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int HEAD = EMBEDDING / HEADS;
    static final double OUTPUT_GAIN = 8;


    /** Writes the model to {@code directory} as {@code tiny-llama-<seed>.gguf} and returns its path. */
    Path writeTo(Path directory) throws IOException {
        Random random = new Random(seed);
        GgufWriter gguf = new GgufWriter();
        gguf.put("general.architecture", GgufValue.string("llama"));
        gguf.put("general.name", GgufValue.string("tiny random llama seed " + seed));
        gguf.put("general.file_type", GgufValue.uint32(ExportType.F32.llamaFileType()));
        gguf.put("llama.context_length", GgufValue.uint32(256));
        gguf.put("llama.embedding_length", GgufValue.uint32(EMBEDDING));
        gguf.put("llama.feed_forward_length", GgufValue.uint32(FEED_FORWARD));
        gguf.put("llama.block_count", GgufValue.uint32(BLOCKS));
        gguf.put("llama.attention.head_count", GgufValue.uint32(HEADS));
        gguf.put("llama.attention.head_count_kv", GgufValue.uint32(KV_HEADS));
        gguf.put("llama.rope.dimension_count", GgufValue.uint32(HEAD));
        gguf.put("llama.rope.freq_base", GgufValue.float32(10000f));
        gguf.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(1e-5f));
        int vocabulary;
        try (GgufFile tokenizer = GgufFile.open(TinyModelFiles.stories260K())) {
            for (Map.Entry<String, GgufValue> e : tokenizer.metadata().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    gguf.put(e.getKey(), e.getValue());
                }
            }
            vocabulary = tokenizer.get("tokenizer.ggml.tokens").arrayLength();
        }
        matrix(gguf, "token_embd.weight", EMBEDDING, vocabulary, 0.125, random);
        for (int i = 0; i < BLOCKS; i++) {
            String blk = "blk." + i + ".";
            vector(gguf, blk + "attn_norm.weight", EMBEDDING, 1, 0.1, random);
            matrix(gguf, blk + "attn_q.weight", EMBEDDING, HEADS * HEAD, 1 / Math.sqrt(EMBEDDING), random);
            matrix(gguf, blk + "attn_k.weight", EMBEDDING, KV_HEADS * HEAD, 1 / Math.sqrt(EMBEDDING), random);
            matrix(gguf, blk + "attn_v.weight", EMBEDDING, KV_HEADS * HEAD, 1 / Math.sqrt(EMBEDDING), random);
            matrix(gguf, blk + "attn_output.weight", HEADS * HEAD, EMBEDDING, 1 / Math.sqrt(HEADS * HEAD), random);
            vector(gguf, blk + "ffn_norm.weight", EMBEDDING, 1, 0.1, random);
            matrix(gguf, blk + "ffn_gate.weight", EMBEDDING, FEED_FORWARD, 1 / Math.sqrt(EMBEDDING), random);
            matrix(gguf, blk + "ffn_up.weight", EMBEDDING, FEED_FORWARD, 1 / Math.sqrt(EMBEDDING), random);
            matrix(gguf, blk + "ffn_down.weight", FEED_FORWARD, EMBEDDING, 1 / Math.sqrt(FEED_FORWARD), random);
        }
        vector(gguf, "output_norm.weight", EMBEDDING, OUTPUT_GAIN, 0.1 * OUTPUT_GAIN, random);
        Path file = directory.resolve("tiny-llama-" + seed + ".gguf");
        gguf.write(file);
        return file;
    }

    /** A matrix of {@code rows} rows of {@code columns} Gaussian values (ggml dimensions [columns, rows]). */
    private static void matrix(GgufWriter gguf, String name, int columns, int rows, double sigma, Random random) {
        float[] values = new float[columns * rows];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        gguf.addTensor(name, GgmlType.F32, new long[] {columns, rows}, values);
    }

    private static void vector(GgufWriter gguf, String name, int n, double mean, double sigma, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + random.nextGaussian() * sigma);
        }
        gguf.addTensor(name, GgmlType.F32, new long[] {n}, values);
    }
}
