package org.wenjin.llm.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A random-weight GGUF file with the exact tensor shapes, parameter count and vocabulary size of a real
 * model, so that speed can be measured without downloading the model. The tokenizer is a byte-level BPE
 * vocabulary of the real size (the 256 byte tokens, synthetic tokens and the real model's control tokens);
 * it has no merges, so text encodes byte by byte.
 *
 * <p>Matrix types follow llama.cpp's {@code llama_tensor_get_type} (src/llama-quant.cpp) for the file
 * types it offers: Q8_0 everywhere; Q4_0 with the classifier (here the tied token embedding) in Q6_K;
 * Q4_K_M with Q6_K for the classifier and for {@code attn_v} and {@code ffn_down} of the layers
 * {@code use_more_bits} picks. A K-quant whose rows are not a whole number of 256-value super-blocks falls
 * back as llama.cpp does: Q4_K to Q5_0, Q6_K to Q8_0 (Qwen2.5-0.5B's rows of 896 values).
 *
 * @param shape the model whose shapes to copy
 * @param fileType Q8_0, Q4_0 or Q4_K_M
 * @param seed seed of every random value
 */
public record SyntheticModel(Shape shape, String fileType, long seed) {

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The shape of a real model, as its config.json and GGUF metadata give it. */
    public enum Shape {
        /** Qwen2.5-0.5B: 494.03 M parameters, tied embeddings, Q/K/V biases. */
        QWEN2_5_0_5B("qwen2.5-0.5b", "qwen2", 24, 896, 14, 2, 4864, 151936, 1_000_000f, 1e-6f, 32768),
        /** Qwen2.5-1.5B: 1543.71 M parameters, tied embeddings, Q/K/V biases. */
        QWEN2_5_1_5B("qwen2.5-1.5b", "qwen2", 28, 1536, 12, 2, 8960, 151936, 1_000_000f, 1e-6f, 32768),
        /** Qwen2.5-3B: 3085.94 M parameters, tied embeddings, Q/K/V biases. */
        QWEN2_5_3B("qwen2.5-3b", "qwen2", 36, 2048, 16, 2, 11008, 151936, 1_000_000f, 1e-6f, 32768),
        /** Llama-3.2-1B: 1235.81 M parameters, tied embeddings, Llama 3.1 RoPE scaling (rope_freqs). */
        LLAMA_3_2_1B("llama-3.2-1b", "llama", 16, 2048, 32, 8, 8192, 128256, 500_000f, 1e-5f, 131072);

        final String id;
        final String architecture;
        final int blocks;
        final int embedding;
        final int heads;
        final int kvHeads;
        final int feedForward;
        final int vocabulary;
        final float ropeBase;
        final float epsilon;
        final int context;

        Shape(String id, String architecture, int blocks, int embedding, int heads, int kvHeads, int feedForward,
              int vocabulary, float ropeBase, float epsilon, int context) {
            this.id = id;
            this.architecture = architecture;
            this.blocks = blocks;
            this.embedding = embedding;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.feedForward = feedForward;
            this.vocabulary = vocabulary;
            this.ropeBase = ropeBase;
            this.epsilon = epsilon;
            this.context = context;
        }

        /** The shape named {@code id}, such as {@code qwen2.5-0.5b} or {@code llama-3.2-1b}. */
        public static Shape of(String id) {
            for (Shape shape : values()) {
                if (shape.id.equalsIgnoreCase(id)) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("unknown model shape '" + id + "' (known: " + java.util.Arrays.stream(values())
                    .map(Shape::id).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }

        public String id() {
            return id;
        }
    }

    public SyntheticModel {
        fileType = fileType.toUpperCase(Locale.ROOT);
        if (!fileType.equals("Q8_0") && !fileType.equals("Q4_0") && !fileType.equals("Q4_K_M")) {
            throw new IllegalArgumentException("file type must be Q8_0, Q4_0 or Q4_K_M, not " + fileType);
        }
    }

    /** Writes the file. */
    public void writeTo(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Shape s = shape;
        String a = s.architecture + ".";
        int head = s.embedding / s.heads;
        GgufWriter gguf = new GgufWriter();
        gguf.put("general.architecture", GgufValue.string(s.architecture));
        gguf.put("general.name", GgufValue.string("random " + s.id + " " + fileType + " seed " + seed));
        gguf.put(a + "context_length", GgufValue.uint32(s.context));
        gguf.put(a + "embedding_length", GgufValue.uint32(s.embedding));
        gguf.put(a + "feed_forward_length", GgufValue.uint32(s.feedForward));
        gguf.put(a + "block_count", GgufValue.uint32(s.blocks));
        gguf.put(a + "attention.head_count", GgufValue.uint32(s.heads));
        gguf.put(a + "attention.head_count_kv", GgufValue.uint32(s.kvHeads));
        gguf.put(a + "rope.dimension_count", GgufValue.uint32(head));
        gguf.put(a + "rope.freq_base", GgufValue.float32(s.ropeBase));
        gguf.put(a + "attention.layer_norm_rms_epsilon", GgufValue.float32(s.epsilon));
        tokenizer(gguf);

        // The classifier is the tied token embedding in both shapes.
        matrix(gguf, "token_embd.weight", s.embedding, s.vocabulary, classifierType(s.embedding), 0.16, random);
        for (int i = 0; i < s.blocks; i++) {
            String blk = "blk." + i + ".";
            boolean moreBits = useMoreBits(i, s.blocks);
            vector(gguf, blk + "attn_norm.weight", s.embedding, 1.0, 0.1, random);
            double inScale = 1 / Math.sqrt(s.embedding);
            matrix(gguf, blk + "attn_q.weight", s.embedding, s.heads * head, base(s.embedding), inScale, random);
            matrix(gguf, blk + "attn_k.weight", s.embedding, s.kvHeads * head, base(s.embedding), inScale, random);
            matrix(gguf, blk + "attn_v.weight", s.embedding, s.kvHeads * head,
                    moreBits ? more(s.embedding) : base(s.embedding), inScale, random);
            if (s.architecture.equals("qwen2")) {
                vector(gguf, blk + "attn_q.bias", s.heads * head, 0, 0.2, random);
                vector(gguf, blk + "attn_k.bias", s.kvHeads * head, 0, 0.2, random);
                vector(gguf, blk + "attn_v.bias", s.kvHeads * head, 0, 0.2, random);
            }
            matrix(gguf, blk + "attn_output.weight", s.heads * head, s.embedding, base(s.heads * head),
                    1 / Math.sqrt(s.heads * head), random);
            vector(gguf, blk + "ffn_norm.weight", s.embedding, 1.0, 0.1, random);
            matrix(gguf, blk + "ffn_gate.weight", s.embedding, s.feedForward, base(s.embedding), inScale, random);
            matrix(gguf, blk + "ffn_up.weight", s.embedding, s.feedForward, base(s.embedding), inScale, random);
            matrix(gguf, blk + "ffn_down.weight", s.feedForward, s.embedding,
                    moreBits ? more(s.feedForward) : base(s.feedForward), 1 / Math.sqrt(s.feedForward), random);
        }
        if (s.architecture.equals("llama")) {
            // Llama 3.1's per-frequency divisors (rope_freqs): 1 for high frequencies, up to 8 for low ones.
            float[] factors = new float[head / 2];
            for (int i = 0; i < factors.length; i++) {
                factors[i] = 1 + 7f * i / (factors.length - 1);
            }
            gguf.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {factors.length}, factors);
        }
        vector(gguf, "output_norm.weight", s.embedding, 1.0, 0.1, random);
        gguf.write(file);
    }

    /** The type of most matrices. */
    private GgmlType base(int columns) {
        return switch (fileType) {
            case "Q8_0" -> GgmlType.Q8_0;
            case "Q4_0" -> GgmlType.Q4_0;
            default -> fallback(GgmlType.Q4_K, columns);
        };
    }

    /** The type of the attn_v and ffn_down matrices that {@link #useMoreBits} picks. */
    private GgmlType more(int columns) {
        return fileType.equals("Q4_K_M") ? fallback(GgmlType.Q6_K, columns) : base(columns);
    }

    private GgmlType classifierType(int columns) {
        return fileType.equals("Q8_0") ? GgmlType.Q8_0 : fallback(GgmlType.Q6_K, columns);
    }

    /** llama.cpp's replacement for a K-quant whose rows are not whole super-blocks. */
    private static GgmlType fallback(GgmlType type, int columns) {
        if (columns % 256 == 0) {
            return type;
        }
        return type == GgmlType.Q6_K ? GgmlType.Q8_0 : GgmlType.Q5_0;
    }

    /** llama.cpp's {@code use_more_bits}: the first and last eighth of the layers, and every third between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    /**
     * A byte-level BPE vocabulary of the shape's size: the 256 byte tokens (GPT-2's byte-to-character
     * map), synthetic normal tokens, and the real model's control tokens at their real ids.
     */
    private void tokenizer(GgufWriter gguf) {
        int n = shape.vocabulary;
        String[] tokens = new String[n];
        int[] types = new int[n];
        boolean qwen = shape.architecture.equals("qwen2");
        int normal = qwen ? 151643 : 128000;
        for (int id = 0; id < n; id++) {
            types[id] = id < normal ? 1 : 3; // llama_token_type: 1 normal, 3 control
        }
        for (int b = 0; b < 256; b++) {
            tokens[b] = String.valueOf(byteCharacter(b));
        }
        for (int id = 256; id < normal; id++) {
            tokens[id] = "\u0120w" + id;
        }
        String pre;
        if (qwen) {
            pre = "qwen2";
            String[] special = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
            for (int id = normal; id < n; id++) {
                tokens[id] = id - normal < special.length ? special[id - normal] : "[PAD" + id + "]";
            }
            gguf.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(151645));
            gguf.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(151643));
            gguf.put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        } else {
            pre = "llama-bpe";
            for (int id = normal; id < n; id++) {
                tokens[id] = switch (id - normal) {
                    case 0 -> "<|begin_of_text|>";
                    case 1 -> "<|end_of_text|>";
                    case 9 -> "<|eot_id|>";
                    default -> "<|reserved_special_token_" + (id - normal) + "|>";
                };
            }
            gguf.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(128000));
            gguf.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(128009));
        }
        gguf.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        gguf.put("tokenizer.ggml.pre", GgufValue.string(pre));
        gguf.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        gguf.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        gguf.put("tokenizer.ggml.merges", GgufValue.stringArray());
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards. */
    private static char byteCharacter(int b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
            return (char) b;
        }
        int shifted = 0;
        for (int c = 0; c < b; c++) {
            if (!((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF))) {
                shifted++;
            }
        }
        return (char) (256 + shifted);
    }

    private static void vector(GgufWriter gguf, String name, int n, double mean, double sigma, SplittableRandom random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + gaussian(random) * sigma);
        }
        gguf.addTensor(name, GgmlType.F32, new long[] {n}, values);
    }

    private static double gaussian(SplittableRandom random) {
        // Sum of 12 uniforms minus 6: mean 0, variance 1; the exact distribution does not matter here.
        double sum = -6;
        for (int i = 0; i < 12; i++) {
            sum += random.nextDouble();
        }
        return sum;
    }

    /**
     * A matrix of random blocks: random bytes, then each block's scale set so the weights have a standard
     * deviation of about {@code sigma} and its minimum (where the type has one) centring them on zero.
     * Offsets are those of the block structs in ggml-common.h.
     */
    private static void matrix(GgufWriter gguf, String name, int columns, int rows, GgmlType type, double sigma,
                               SplittableRandom random) {
        long blocks = (long) columns * rows / type.blockSize();
        int size = type.bytesPerBlock();
        MemorySegment data = Arena.ofAuto().allocate(blocks * size, 64);
        for (long at = 0; at + 8 <= data.byteSize(); at += 8) {
            data.set(ValueLayout.JAVA_LONG_UNALIGNED, at, random.nextLong());
        }
        double unit = sigma / switch (type) {
            case Q8_0 -> 73.9;   // q uniform in [-128, 127]
            case Q4_0 -> 4.61;   // q - 8 uniform in [-8, 7]
            case Q5_0 -> 9.23;   // q - 16 uniform in [-16, 15]
            case Q4_K -> 258;    // 6-bit scale times q in [0, 15], minus 7.5 times a 6-bit min
            case Q6_K -> 1366;   // int8 scale times q - 32 in [-32, 31]
            default -> throw new AssertionError(type);
        };
        for (long b = 0; b < blocks; b++) {
            long at = b * size;
            float d = (float) (unit * (0.5 + random.nextDouble()));
            switch (type) {
                case Q8_0, Q4_0, Q5_0 -> data.set(HALF, at, Float.floatToFloat16(d));
                case Q4_K -> {
                    data.set(HALF, at, Float.floatToFloat16(d));
                    data.set(HALF, at + 2, Float.floatToFloat16(7.5f * d));
                }
                case Q6_K -> data.set(HALF, at + 208, Float.floatToFloat16(d));
                default -> throw new AssertionError(type);
            }
        }
        gguf.addTensorData(name, type, new long[] {columns, rows}, data);
    }
}
