package org.wenjin.llm.reference;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A tiny transformer with random weights, written as GGUF with {@link GgufWriter}, that llama.cpp and the
 * engine can both run: the same seed gives the same file.
 *
 * <p>Shape: 2 blocks, embedding 256, feed-forward 512, 4 query heads over 2 key/value heads (grouped-query
 * attention), so every matrix row is a whole number of 256-value K-quant blocks. Llama gets Llama 3.1's
 * RoPE base and per-frequency factors ({@code rope_freqs.weight}). Qwen3 gets heads of 128
 * (its {@code attention.key_length}), wider than embedding / heads, as the real Qwen3 models have. Qwen2
 * ties the classifier to the token embedding (no {@code output.weight}), as Qwen2.5-0.5B does. The
 * tokenizer is copied key by key from another GGUF file (the tests use stories260K's 512-token
 * SentencePiece vocabulary), so llama.cpp accepts the file.
 *
 * <p>Every matrix has the requested type; norms and biases are F32, as llama.cpp requires. Float types
 * hold Gaussian values. Quantized types hold random blocks: random quants with half-precision scales chosen
 * so that the weights have about the intended standard deviation, i.e. exactly what a quantized file
 * holds, without depending on any quantizer.
 *
 * @param architecture {@code general.architecture}: llama, qwen2 or qwen3
 * @param type         the type of every matrix
 * @param seed         the seed of every random value in the file
 */
public record RandomModel(String architecture, GgmlType type, long seed) {

    static final int BLOCKS = 2;
    static final int EMBEDDING = 256;
    static final int FEED_FORWARD = 512;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int CONTEXT = 512;

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public RandomModel {
        if (!architecture.equals("llama") && !architecture.equals("qwen2") && !architecture.equals("qwen3")) {
            throw new IllegalArgumentException("architecture must be llama, qwen2 or qwen3, not " + architecture);
        }
        if (standardDeviationOfUnitScale(type) == 0) {
            throw new IllegalArgumentException("random " + type + " weights are not supported");
        }
    }

    /** The matrix types a random model can have. */
    static boolean supports(GgmlType type) {
        return standardDeviationOfUnitScale(type) != 0;
    }

    int headSize() {
        return architecture.equals("qwen3") ? 128 : EMBEDDING / HEADS;
    }

    /** File name naming the architecture, type and seed. */
    public String fileName() {
        return "random-" + architecture + "-" + type.name().toLowerCase() + "-" + seed + ".gguf";
    }

    /** Turns stored tensor bytes of a type into floats (the tests use ggml's own dequantizers). */
    @FunctionalInterface
    public interface Dequantizer {
        float[] toFloat(GgmlType type, MemorySegment data, long values);
    }

    /** Writes the model to {@code directory} and returns its path. */
    public Path writeTo(Path directory, Path tokenizerSource) throws IOException {
        Path file = directory.resolve(fileName());
        build(tokenizerSource, null).write(file);
        return file;
    }

    /**
     * Writes this model's F32 twin: the same file with every matrix replaced by its values as
     * {@code dequantizer} reads them. A computation without rounding on the twin is what the quantized model
     * means exactly.
     */
    public Path writeTwinTo(Path directory, Path tokenizerSource, Dequantizer dequantizer) throws IOException {
        Path file = directory.resolve(fileName().replace(".gguf", "-f32-twin.gguf"));
        build(tokenizerSource, dequantizer).write(file);
        return file;
    }

    private GgufWriter build(Path tokenizerSource, Dequantizer twin) throws IOException {
        Random random = new Random(seed);
        GgufWriter gguf = new GgufWriter();
        String a = architecture + ".";
        int head = headSize();
        gguf.put("general.architecture", GgufValue.string(architecture));
        gguf.put("general.name", GgufValue.string("random " + architecture + " " + type + " seed " + seed));
        gguf.put(a + "context_length", GgufValue.uint32(CONTEXT));
        gguf.put(a + "embedding_length", GgufValue.uint32(EMBEDDING));
        gguf.put(a + "feed_forward_length", GgufValue.uint32(FEED_FORWARD));
        gguf.put(a + "block_count", GgufValue.uint32(BLOCKS));
        gguf.put(a + "attention.head_count", GgufValue.uint32(HEADS));
        gguf.put(a + "attention.head_count_kv", GgufValue.uint32(KV_HEADS));
        if (architecture.equals("qwen3")) {
            gguf.put(a + "attention.key_length", GgufValue.uint32(head));
            gguf.put(a + "attention.value_length", GgufValue.uint32(head));
        }
        gguf.put(a + "rope.dimension_count", GgufValue.uint32(head));
        gguf.put(a + "rope.freq_base", GgufValue.float32(architecture.equals("llama") ? 500000f : 1000000f));
        gguf.put(a + "attention.layer_norm_rms_epsilon", GgufValue.float32(architecture.equals("llama") ? 1e-5f : 1e-6f));
        int vocabulary;
        try (GgufFile tokenizer = GgufFile.open(tokenizerSource)) {
            for (Map.Entry<String, GgufValue> e : tokenizer.metadata().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    gguf.put(e.getKey(), e.getValue());
                }
            }
            vocabulary = tokenizer.get("tokenizer.ggml.tokens").arrayLength();
        }

        Matrices matrix = new Matrices(gguf, twin, random);
        // Scaled like the classifier, because Qwen2 uses it as the classifier too.
        matrix.add("token_embd.weight", EMBEDDING, vocabulary, 0.16);
        for (int i = 0; i < BLOCKS; i++) {
            String blk = "blk." + i + ".";
            vector(gguf, blk + "attn_norm.weight", EMBEDDING, 1.0, 0.1, random);
            matrix.add(blk + "attn_q.weight", EMBEDDING, HEADS * head, 1 / Math.sqrt(EMBEDDING));
            matrix.add(blk + "attn_k.weight", EMBEDDING, KV_HEADS * head, 1 / Math.sqrt(EMBEDDING));
            matrix.add(blk + "attn_v.weight", EMBEDDING, KV_HEADS * head, 1 / Math.sqrt(EMBEDDING));
            if (architecture.equals("qwen2")) {
                vector(gguf, blk + "attn_q.bias", HEADS * head, 0, 0.2, random);
                vector(gguf, blk + "attn_k.bias", KV_HEADS * head, 0, 0.2, random);
                vector(gguf, blk + "attn_v.bias", KV_HEADS * head, 0, 0.2, random);
            }
            if (architecture.equals("qwen3")) {
                vector(gguf, blk + "attn_q_norm.weight", head, 1.0, 0.1, random);
                vector(gguf, blk + "attn_k_norm.weight", head, 1.0, 0.1, random);
            }
            matrix.add(blk + "attn_output.weight", HEADS * head, EMBEDDING, 1 / Math.sqrt(HEADS * head));
            vector(gguf, blk + "ffn_norm.weight", EMBEDDING, 1.0, 0.1, random);
            matrix.add(blk + "ffn_gate.weight", EMBEDDING, FEED_FORWARD, 1 / Math.sqrt(EMBEDDING));
            matrix.add(blk + "ffn_up.weight", EMBEDDING, FEED_FORWARD, 1 / Math.sqrt(EMBEDDING));
            matrix.add(blk + "ffn_down.weight", FEED_FORWARD, EMBEDDING, 1 / Math.sqrt(FEED_FORWARD));
        }
        if (architecture.equals("llama")) {
            // Llama 3.1's per-frequency divisors of the RoPE angles (rope_freqs), here random in [1, 8).
            float[] factors = new float[head / 2];
            for (int i = 0; i < factors.length; i++) {
                factors[i] = 1 + 7 * random.nextFloat();
            }
            gguf.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {factors.length}, factors);
        }
        vector(gguf, "output_norm.weight", EMBEDDING, 1.0, 0.1, random);
        if (!architecture.equals("qwen2")) {
            // Logits with a standard deviation of about 2.5: clear winners at some positions, near ties at others.
            matrix.add("output.weight", EMBEDDING, vocabulary, 0.16);
        }
        return gguf;
    }

    /** Adds the matrices of this model's type to one file, or their F32 twins where a dequantizer is given. */
    private final class Matrices {
        private final GgufWriter gguf;
        private final Dequantizer twin;
        private final Random random;

        Matrices(GgufWriter gguf, Dequantizer twin, Random random) {
            this.gguf = gguf;
            this.twin = twin;
            this.random = random;
        }

        /** A matrix of {@code rows} rows of {@code columns} values (ggml dimensions [columns, rows]). */
        void add(String name, int columns, int rows, double sigma) {
            long[] dimensions = {columns, rows};
            MemorySegment data = randomMatrix(columns * rows, sigma, random);
            if (twin == null) {
                gguf.addTensorData(name, type, dimensions, data);
            } else {
                gguf.addTensor(name, GgmlType.F32, dimensions, twin.toFloat(type, data, (long) columns * rows));
            }
        }
    }

    /** {@code n} values of this model's type, as {@link #writeTo} draws each matrix. */
    MemorySegment randomMatrix(int n, double sigma, Random random) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            return randomBlocks(n / type.blockSize(), sigma, random);
        }
        MemorySegment data = Arena.ofAuto().allocate(type.byteSize(n), 64);
        for (int i = 0; i < n; i++) {
            float value = (float) (random.nextGaussian() * sigma);
            switch (type) {
                case F32 -> data.setAtIndex(FLOAT, i, value);
                case F16 -> data.setAtIndex(HALF, i, Float.floatToFloat16(value));
                // Round to nearest even on the upper 16 bits, as ggml's fp32_to_bf16 does.
                default -> {
                    int bits = Float.floatToRawIntBits(value);
                    data.setAtIndex(HALF, i, (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16));
                }
            }
        }
        return data;
    }

    private static void vector(GgufWriter gguf, String name, int n, double mean, double sigma, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + random.nextGaussian() * sigma);
        }
        gguf.addTensor(name, GgmlType.F32, new long[] {n}, values);
    }

    /**
     * Random blocks of this model's type: random bytes everywhere, then each block's half-precision scale
     * ({@code d}) set so the weights' standard deviation is about {@code sigma}, varied by up to a factor of 2
     * from block to block, and its minimum ({@code m} or {@code dmin}, where the type has one) set to centre
     * the weights near zero. Offsets are those of the block structs in ggml-common.h.
     */
    private MemorySegment randomBlocks(int blocks, double sigma, Random random) {
        int size = type.bytesPerBlock();
        byte[] bytes = new byte[blocks * size];
        random.nextBytes(bytes);
        MemorySegment data = Arena.ofAuto().allocate(bytes.length, 64);
        MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
        double unit = sigma / standardDeviationOfUnitScale(type);
        for (int b = 0; b < blocks; b++) {
            long at = (long) b * size;
            double d = unit * (0.5 + random.nextDouble());
            switch (type) {
                case Q8_0, Q4_0, Q5_0 -> data.set(HALF, at, Float.floatToFloat16((float) d));
                // block_q4_1 / block_q5_1: d, then m; x = d * q + m, q in [0, 15] / [0, 31].
                case Q4_1 -> halves(data, at, d, -7.5 * d);
                case Q5_1 -> halves(data, at, d, -15.5 * d);
                // block_q4_K / block_q5_K: d, dmin; x = d * scale * q - dmin * min, 6-bit scales and mins.
                case Q4_K -> halves(data, at, d, 7.5 * d);
                case Q5_K -> halves(data, at, d, 15.5 * d);
                // block_q6_K: ql[128], qh[64], int8 scales[16], then d at byte 208.
                case Q6_K -> data.set(HALF, at + 208, Float.floatToFloat16((float) d));
                default -> throw new AssertionError(type);
            }
        }
        return data;
    }

    private static void halves(MemorySegment data, long at, double first, double second) {
        data.set(HALF, at, Float.floatToFloat16((float) first));
        data.set(HALF, at + 2, Float.floatToFloat16((float) second));
    }

    /**
     * The standard deviation of a weight of a random block of {@code type} whose scale is 1 (and whose
     * minimum is set as {@link #randomBlocks} sets it), worked out from the uniform distributions of its
     * quants, scales and minimums; 0 for types this class cannot make.
     */
    private static double standardDeviationOfUnitScale(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16 -> 1;
            case Q8_0 -> 73.9;   // q uniform in [-128, 127]
            case Q4_0, Q4_1 -> 4.61;  // q - 8 uniform in [-8, 7]
            case Q5_0, Q5_1 -> 9.23;  // q - 16 uniform in [-16, 15]
            case Q4_K -> 258;    // 6-bit scale times q in [0, 15], minus 7.5 times a 6-bit min
            case Q5_K -> 527;    // the same with q in [0, 31] and 15.5
            case Q6_K -> 1366;   // int8 scale times q - 32 in [-32, 31]
            default -> 0;
        };
    }
}
