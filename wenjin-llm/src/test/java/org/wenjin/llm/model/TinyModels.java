package org.wenjin.llm.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/**
 * Writes small random-weight GGUF models of each supported architecture, laid out as llama.cpp's
 * converter lays out the real ones, with a small SentencePiece vocabulary so they load like any model.
 * Weights are drawn with a fixed seed at a scale (about 1/sqrt(fan-in)) that keeps activations of order one,
 * so the logits are far from uniform and differences between implementations show.
 */
final class TinyModels {
    static final int VOCABULARY = 64;
    static final int CONTEXT = 256;
    static final int EMBEDDING = 64;
    static final int FEED_FORWARD = 96;
    static final int BLOCKS = 2;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;

    private TinyModels() {
    }

    /** Llama 3.1-style: GQA, RoPE base 500000 and per-frequency scaling factors in {@code rope_freqs.weight}. */
    /** The tiny model of {@code architecture} with matrices of {@code matrices}, written into {@code directory}. */
    static Path of(Architecture architecture, Path directory, GgmlType matrices) throws IOException {
        return switch (architecture) {
            case LLAMA -> llama(directory, matrices);
            case QWEN2 -> qwen2(directory, matrices);
            case QWEN3 -> qwen3(directory, matrices);
        };
    }

    /** A comparison run once on the exact float path and once with activations rounded to 8 bits. */
    interface ActivationPathRun {
        void run(boolean round) throws IOException;
    }

    /** Runs {@code run} on both activation paths, restoring the process-wide setting afterwards. */
    static void onBothActivationPaths(ActivationPathRun run) throws IOException {
        boolean before = FloatTensor.roundsActivations();
        try {
            for (boolean round : new boolean[] {false, true}) {
                FloatTensor.setRoundActivations(round);
                run.run(round);
            }
        } finally {
            FloatTensor.setRoundActivations(before);
        }
    }

    static Path llama(Path directory, GgmlType matrices) throws IOException {
        int headSize = EMBEDDING / HEADS;
        GgufWriter writer = common("llama", headSize, 500000f);
        writer.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {headSize / 2},
                llama3RopeFactors(headSize, 500000, 8, 1, 4, 64));
        return write(writer, new Random(1), "llama", headSize, matrices, false, false, true,
                directory.resolve("tiny-llama-" + matrices + ".gguf"));
    }

    /** Qwen2-style: biases on Q, K and V, NeoX RoPE, output tied to the token embedding. */
    static Path qwen2(Path directory, GgmlType matrices) throws IOException {
        int headSize = EMBEDDING / HEADS;
        GgufWriter writer = common("qwen2", headSize, 1000000f);
        return write(writer, new Random(2), "qwen2", headSize, matrices, true, false, false,
                directory.resolve("tiny-qwen2-" + matrices + ".gguf"));
    }

    /** Qwen3-style: per-head Q/K RMSNorm, no biases, and heads wider than embedding / heads. */
    static Path qwen3(Path directory, GgmlType matrices) throws IOException {
        int headSize = 32; // Qwen3 sets attention.key_length explicitly (128 with 2048-wide embeddings)
        GgufWriter writer = common("qwen3", headSize, 1000000f);
        writer.put("qwen3.attention.key_length", GgufValue.uint32(headSize));
        writer.put("qwen3.attention.value_length", GgufValue.uint32(headSize));
        return write(writer, new Random(3), "qwen3", headSize, matrices, false, true, true,
                directory.resolve("tiny-qwen3-" + matrices + ".gguf"));
    }

    private static GgufWriter common(String arch, int headSize, float ropeBase) {
        GgufWriter writer = new GgufWriter();
        writer.put("general.architecture", GgufValue.string(arch));
        writer.put("general.name", GgufValue.string("tiny random " + arch));
        writer.put(arch + ".context_length", GgufValue.uint32(CONTEXT));
        writer.put(arch + ".embedding_length", GgufValue.uint32(EMBEDDING));
        writer.put(arch + ".feed_forward_length", GgufValue.uint32(FEED_FORWARD));
        writer.put(arch + ".block_count", GgufValue.uint32(BLOCKS));
        writer.put(arch + ".attention.head_count", GgufValue.uint32(HEADS));
        writer.put(arch + ".attention.head_count_kv", GgufValue.uint32(KV_HEADS));
        writer.put(arch + ".rope.dimension_count", GgufValue.uint32(headSize));
        writer.put(arch + ".rope.freq_base", GgufValue.float32(ropeBase));
        writer.put(arch + ".attention.layer_norm_rms_epsilon", GgufValue.float32(1e-6f));
        vocabulary(writer);
        return writer;
    }

    /** {@code <unk>}, {@code <s>}, {@code </s>}, then pieces of plain text. */
    private static void vocabulary(GgufWriter writer) {
        String[] tokens = new String[VOCABULARY];
        float[] scores = new float[VOCABULARY];
        int[] types = new int[VOCABULARY];
        tokens[0] = "<unk>";
        tokens[1] = "<s>";
        tokens[2] = "</s>";
        types[0] = 2;
        types[1] = 3;
        types[2] = 3;
        String letters = "abcdefghijklmnopqrstuvwxyz";
        for (int id = 3; id < VOCABULARY; id++) {
            int i = id - 3;
            tokens[id] = i < 26 ? String.valueOf(letters.charAt(i)) : "\u2581" + letters.charAt(i % 26) + (i >= 52 ? "e" : "");
            scores[id] = -id;
            types[id] = 1;
        }
        writer.put("tokenizer.ggml.model", GgufValue.string("llama"));
        writer.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        writer.put("tokenizer.ggml.scores", GgufValue.float32Array(scores));
        writer.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        writer.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(1));
        writer.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(2));
        writer.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(0));
    }

    private static Path write(GgufWriter writer, Random random, String arch, int headSize, GgmlType matrices,
                              boolean bias, boolean qkNorm, boolean separateOutput, Path path) throws IOException {
        int queryWidth = HEADS * headSize;
        int kvWidth = KV_HEADS * headSize;
        matrix(writer, random, "token_embd.weight", matrices, VOCABULARY, EMBEDDING, 1.0);
        for (int b = 0; b < BLOCKS; b++) {
            String blk = "blk." + b + ".";
            vector(writer, random, blk + "attn_norm.weight", EMBEDDING, 1.0, 0.2);
            matrix(writer, random, blk + "attn_q.weight", matrices, queryWidth, EMBEDDING, 2.0);
            matrix(writer, random, blk + "attn_k.weight", matrices, kvWidth, EMBEDDING, 2.0);
            matrix(writer, random, blk + "attn_v.weight", matrices, kvWidth, EMBEDDING, 1.0);
            if (bias) {
                vector(writer, random, blk + "attn_q.bias", queryWidth, 0.0, 0.5);
                vector(writer, random, blk + "attn_k.bias", kvWidth, 0.0, 0.5);
                vector(writer, random, blk + "attn_v.bias", kvWidth, 0.0, 0.5);
            }
            if (qkNorm) {
                vector(writer, random, blk + "attn_q_norm.weight", headSize, 1.0, 0.3);
                vector(writer, random, blk + "attn_k_norm.weight", headSize, 1.0, 0.3);
            }
            matrix(writer, random, blk + "attn_output.weight", matrices, EMBEDDING, queryWidth, 1.0);
            vector(writer, random, blk + "ffn_norm.weight", EMBEDDING, 1.0, 0.2);
            matrix(writer, random, blk + "ffn_gate.weight", matrices, FEED_FORWARD, EMBEDDING, 1.0);
            matrix(writer, random, blk + "ffn_up.weight", matrices, FEED_FORWARD, EMBEDDING, 1.0);
            matrix(writer, random, blk + "ffn_down.weight", matrices, EMBEDDING, FEED_FORWARD, 1.0);
        }
        vector(writer, random, "output_norm.weight", EMBEDDING, 1.0, 0.2);
        if (separateOutput) {
            matrix(writer, random, "output.weight", matrices, VOCABULARY, EMBEDDING, 3.0);
        }
        writer.write(path);
        return path;
    }

    /** A rows x cols matrix (ggml shape [cols, rows]) with entries of standard deviation gain / sqrt(cols). */
    private static void matrix(GgufWriter writer, Random random, String name, GgmlType type, int rows, int cols,
                               double gain) {
        float[] values = new float[rows * cols];
        double scale = gain / Math.sqrt(cols);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        writer.addTensor(name, type, new long[] {cols, rows}, values);
    }

    private static void vector(GgufWriter writer, Random random, String name, int size, double mean, double spread) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (mean + random.nextGaussian() * spread);
        }
        writer.addTensor(name, GgmlType.F32, new long[] {size}, values);
    }

    /**
     * Llama 3.1's RoPE frequency factors, computed as llama.cpp's convert_hf_to_gguf.py does for
     * {@code rope_scaling.rope_type == "llama3"}: wavelengths shorter than {@code context / highFactor}
     * keep their frequency, longer than {@code context / lowFactor} are slowed by {@code factor}, and those
     * between are interpolated smoothly.
     */
    static float[] llama3RopeFactors(int headSize, double base, double factor, double lowFactor, double highFactor,
                                     int originalContext) {
        float[] factors = new float[headSize / 2];
        double lowWavelength = originalContext / lowFactor;
        double highWavelength = originalContext / highFactor;
        for (int i = 0; i < factors.length; i++) {
            double frequency = 1.0 / Math.pow(base, 2.0 * i / headSize);
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength) {
                factors[i] = 1f;
            } else if (wavelength > lowWavelength) {
                factors[i] = (float) factor;
            } else {
                double smooth = (originalContext / wavelength - lowFactor) / (highFactor - lowFactor);
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
