package org.wenjin.train.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A fine-tuned model as one GGUF file that llama.cpp and the engine load like any other: the base model's
 * metadata and tensors, with the trained weights in place of the base's and every matrix in the type
 * llama-quantize would give it ({@link QuantizationMixture}).
 */
public final class MergedModelExport {

    /** {@code general.quantization_version}: ggml's {@code GGML_QNT_VERSION}, which llama-quantize writes. */
    private static final int QUANTIZATION_VERSION = 2;

    private MergedModelExport() {}

    /**
     * Checks that a model of {@code base}'s shapes can be written as {@code type}, so that a training run can refuse
     * before its first step rather than after its last.
     *
     * @throws IllegalArgumentException naming the tensor whose rows the type cannot hold, as {@link #write} would
     */
    public static void checkPossible(GgufFile base, ExportType type) {
        QuantizationMixture.of(base, type);
    }

    /**
     * Writes base's metadata (tokenizer, chat template and all, {@code general.file_type} updated to llama.cpp's
     * {@code llama_ftype} of the type) and every tensor of base, with {@code replacements} (GGUF tensor name to
     * full float values in GGUF order, ne0 fastest) instead of the base's values for those names; weight
     * matrices in {@code type} following llama.cpp's {@code llama_tensor_get_type} (for Q4_K_M: Q6_K
     * classifier or tied embedding, Q6_K attn_v and ffn_down on use_more_bits layers, fallbacks for rows that
     * are not whole blocks), 1-D tensors (norms, biases, rope_freqs) F32. A tensor neither replaced nor needing
     * a type change keeps its bytes exactly. The file appears at {@code out} only once it is complete.
     *
     * @throws IllegalArgumentException if a replacement names no tensor of base or has the wrong number of
     *     values, a value cannot be quantized (NaN, infinite), or llama.cpp could not make a file of this type
     *     from these shapes
     */
    public static void write(GgufFile base, Map<String, float[]> replacements, ExportType type, Path out)
            throws IOException {
        Objects.requireNonNull(type, "type");
        for (Map.Entry<String, float[]> e : replacements.entrySet()) {
            GgufTensorInfo info = tensor(base, e.getKey(), "replacement");
            Objects.requireNonNull(e.getValue(), () -> "replacement for tensor '" + e.getKey() + "'");
            if (e.getValue().length != info.elementCount()) {
                throw new IllegalArgumentException("replacement for tensor '" + e.getKey() + "' has "
                        + e.getValue().length + " values, but the tensor " + info + " has " + info.elementCount());
            }
        }
        write(base, type, out, replacements::get);
    }

    /**
     * Merges LoRA factors into the base's dequantized weights, W + (alpha / rank) · B·A in float, and writes the
     * result as {@link #write} does.
     *
     * @throws IllegalArgumentException if a factor names no weight matrix of base, its shape does not match the
     *     matrix, or alpha is 0 or not finite
     */
    public static void writeMerged(GgufFile base, Map<String, LoraFactors> factors, float alpha, ExportType type,
                                   Path out) throws IOException {
        Objects.requireNonNull(type, "type");
        checkFactors(base, factors, alpha);
        write(base, type, out, name -> {
            LoraFactors f = factors.get(name);
            if (f == null) {
                return null;
            }
            float[] weights = dequantize(base, base.tensorInfo(name).orElseThrow());
            f.addTo(weights, alpha / f.rank());
            return weights;
        });
    }

    /**
     * Checks that every factor fits a weight matrix of base: a 2-D tensor of ggml dimensions [inputs, outputs].
     * Alpha must be finite and not 0, because llama.cpp reads an adapter's alpha of 0 as "no alpha" and then
     * applies B·A unscaled.
     */
    static void checkFactors(GgufFile base, Map<String, LoraFactors> factors, float alpha) {
        if (!Float.isFinite(alpha) || alpha == 0) {
            throw new IllegalArgumentException("LoRA alpha must be finite and not 0, not " + alpha);
        }
        for (Map.Entry<String, LoraFactors> e : factors.entrySet()) {
            GgufTensorInfo info = tensor(base, e.getKey(), "LoRA factors");
            LoraFactors f = Objects.requireNonNull(e.getValue(), e.getKey());
            if (info.rank() != 2 || info.dimension(0) != f.inputs() || info.dimension(1) != f.outputs()) {
                throw new IllegalArgumentException("LoRA factors for '" + e.getKey() + "' map " + f.inputs()
                        + " inputs to " + f.outputs() + " outputs, but the tensor is " + info
                        + " (ggml dimensions [inputs, outputs])");
            }
        }
    }

    private static void write(GgufFile base, ExportType type, Path out, Function<String, float[]> replacement)
            throws IOException {
        QuantizationMixture mixture = QuantizationMixture.of(base, type);
        GgufWriter gguf = new GgufWriter().putAll(base.metadata());
        gguf.put("general.file_type", GgufValue.uint32(type.llamaFileType()));
        gguf.put("general.quantization_version", GgufValue.uint32(QUANTIZATION_VERSION));
        for (GgufTensorInfo t : base.tensors()) {
            GgmlType target = mixture.typeOf(t.name());
            float[] values = replacement.apply(t.name());
            if (values == null && target == t.type()) {
                gguf.addTensorData(t.name(), t.type(), t.dimensions(), base.tensorData(t.name()));
            } else {
                // Quantized now, so that the float values need not outlive this step.
                gguf.addTensor(t.name(), target, t.dimensions(), values != null ? values : dequantize(base, t));
            }
        }
        AtomicFile.write(out, gguf::write);
    }

    /** The tensor's values as ggml dequantizes them. */
    static float[] dequantize(GgufFile base, GgufTensorInfo t) {
        if (t.elementCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + t + " has too many values for one float array");
        }
        int n = (int) t.elementCount();
        float[] values = new float[n];
        FloatTensor tensor = base.tensor(t.name());
        tensor.copyTo(0, values, 0, n);
        return values;
    }

    private static GgufTensorInfo tensor(GgufFile base, String name, String what) {
        Objects.requireNonNull(name, what + " name");
        return base.tensorInfo(name).orElseThrow(() -> new IllegalArgumentException(what + " name '" + name
                + "' is not a tensor of " + base.path() + " (GGUF names such as blk.0.attn_q.weight)"));
    }
}
