package org.wenjin.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;

/**
 * Small random-weight GGUF models of each architecture the trainer supports, laid out as llama.cpp's converter
 * lays out the real ones, with the real 512-token SentencePiece vocabulary of {@code stories260K.gguf} so that the
 * engine, the trainer and llama.cpp all load them. Matrices are 256 values wide so every quantized type fits
 * (K-quants need whole 256-value super-blocks).
 */
public final class TinyModelFiles {
    public static final int EMBEDDING = 256;
    public static final int FEED_FORWARD = 512;
    public static final int BLOCKS = 2;
    public static final int HEADS = 4;
    public static final int KV_HEADS = 2;
    public static final int CONTEXT = 512;

    private TinyModelFiles() {
    }

    /** The real tiny llama of the shared test data (Karpathy's stories260K, F32). */
    public static Path stories260K() {
        return Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"), "stories260K.gguf");
    }

    /** Writes a random {@code architecture} model (llama, qwen2 or qwen3) with matrices of {@code type}. */
    public static Path write(String architecture, GgmlType type, Path directory, long seed) throws IOException {
        Random random = new Random(seed);
        GgufWriter gguf = new GgufWriter();
        String a = architecture + ".";
        int head = EMBEDDING / HEADS;
        gguf.put("general.architecture", GgufValue.string(architecture));
        gguf.put("general.name", GgufValue.string("tiny random " + architecture + " " + type));
        gguf.put(a + "context_length", GgufValue.uint32(CONTEXT));
        gguf.put(a + "embedding_length", GgufValue.uint32(EMBEDDING));
        gguf.put(a + "feed_forward_length", GgufValue.uint32(FEED_FORWARD));
        gguf.put(a + "block_count", GgufValue.uint32(BLOCKS));
        gguf.put(a + "attention.head_count", GgufValue.uint32(HEADS));
        gguf.put(a + "attention.head_count_kv", GgufValue.uint32(KV_HEADS));
        gguf.put(a + "attention.key_length", GgufValue.uint32(head));
        gguf.put(a + "attention.value_length", GgufValue.uint32(head));
        gguf.put(a + "rope.dimension_count", GgufValue.uint32(head));
        gguf.put(a + "rope.freq_base", GgufValue.float32(architecture.equals("llama") ? 10000f : 1_000_000f));
        gguf.put(a + "attention.layer_norm_rms_epsilon", GgufValue.float32(1e-6f));
        int vocabulary;
        try (GgufFile stories = GgufFile.open(stories260K())) {
            for (Map.Entry<String, GgufValue> e : stories.metadata().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    gguf.put(e.getKey(), e.getValue());
                }
            }
            vocabulary = stories.get("tokenizer.ggml.tokens").arrayLength();
        }
        matrix(gguf, "token_embd.weight", type, EMBEDDING, vocabulary, 1.0, random);
        for (int i = 0; i < BLOCKS; i++) {
            String blk = "blk." + i + ".";
            vector(gguf, blk + "attn_norm.weight", EMBEDDING, 1.0, 0.1, random);
            double in = 1 / Math.sqrt(EMBEDDING);
            matrix(gguf, blk + "attn_q.weight", type, EMBEDDING, HEADS * head, in, random);
            matrix(gguf, blk + "attn_k.weight", type, EMBEDDING, KV_HEADS * head, in, random);
            matrix(gguf, blk + "attn_v.weight", type, EMBEDDING, KV_HEADS * head, in, random);
            if (architecture.equals("qwen2")) {
                vector(gguf, blk + "attn_q.bias", HEADS * head, 0, 0.3, random);
                vector(gguf, blk + "attn_k.bias", KV_HEADS * head, 0, 0.3, random);
                vector(gguf, blk + "attn_v.bias", KV_HEADS * head, 0, 0.3, random);
            }
            if (architecture.equals("qwen3")) {
                vector(gguf, blk + "attn_q_norm.weight", head, 1.0, 0.1, random);
                vector(gguf, blk + "attn_k_norm.weight", head, 1.0, 0.1, random);
            }
            matrix(gguf, blk + "attn_output.weight", type, HEADS * head, EMBEDDING, 1 / Math.sqrt(HEADS * head), random);
            vector(gguf, blk + "ffn_norm.weight", EMBEDDING, 1.0, 0.1, random);
            matrix(gguf, blk + "ffn_gate.weight", type, EMBEDDING, FEED_FORWARD, in, random);
            matrix(gguf, blk + "ffn_up.weight", type, EMBEDDING, FEED_FORWARD, in, random);
            matrix(gguf, blk + "ffn_down.weight", type, FEED_FORWARD, EMBEDDING, 1 / Math.sqrt(FEED_FORWARD), random);
        }
        vector(gguf, "output_norm.weight", EMBEDDING, 1.0, 0.1, random);
        // Qwen2.5's small models tie the classifier to the embedding; the others get their own.
        if (!architecture.equals("qwen2")) {
            matrix(gguf, "output.weight", type, EMBEDDING, vocabulary, 1 / Math.sqrt(EMBEDDING) * 4, random);
        }
        Files.createDirectories(directory);
        Path file = directory.resolve("tiny-" + architecture + "-" + type + ".gguf");
        gguf.write(file);
        return file;
    }

    private static void vector(GgufWriter gguf, String name, int n, double mean, double sigma, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + random.nextGaussian() * sigma);
        }
        gguf.addTensor(name, GgmlType.F32, new long[] {n}, values);
    }

    private static void matrix(GgufWriter gguf, String name, GgmlType type, int columns, int rows, double sigma,
                               Random random) {
        float[] values = new float[columns * rows];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        gguf.addTensor(name, type, new long[] {columns, rows}, values);
    }
}
