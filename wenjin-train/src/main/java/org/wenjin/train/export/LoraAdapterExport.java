package org.wenjin.train.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;

/**
 * LoRA factors as a llama.cpp adapter file, which {@code llama-cli --lora} and {@code llama_adapter_lora_init}
 * apply to the unchanged base model at run time, the layout convert_lora_to_gguf.py writes and
 * src/llama-adapter.cpp validates.
 *
 * <p>llama.cpp computes W·x + scale · (alpha / rank) · B·(A·x), taking the rank from {@code lora_b}'s ne0
 * ({@code llama_adapter_lora_weight::get_scale}); with scale 1 that is the merged model's W'.
 */
public final class LoraAdapterExport {

    /** {@code LLAMA_FTYPE_ALL_F32}: the factors are stored as float32. */
    private static final int ALL_F32 = 0;

    private LoraAdapterExport() {}

    /**
     * A llama.cpp LoRA adapter GGUF for base: {@code general.architecture} of the base,
     * {@code general.type = "adapter"}, {@code adapter.type = "lora"}, {@code adapter.lora.alpha} (float32), and
     * for each base tensor name N (e.g. {@code blk.0.attn_q.weight}) the F32 tensors {@code N.lora_a} with ggml
     * dimensions [inputs, rank] (A, rank rows of inputs) and {@code N.lora_b} with dimensions [rank, outputs]
     * (B, outputs rows of rank). The token embedding is the exception llama.cpp makes: it looks rows up instead
     * of multiplying, so there {@code lora_a} holds B (dimensions [rank, vocabulary]) and {@code lora_b} holds
     * A transposed (dimensions [rank, embedding]). The file appears at {@code out} only once it is complete.
     *
     * @throws IllegalArgumentException if a factor names no weight matrix of base, its shape does not match, alpha
     *     is 0 or not finite, or it adapts a token embedding that is also the classifier (llama.cpp would apply
     *     the embedding's layout to the classifier's product and fail)
     */
    public static void write(GgufFile base, Map<String, LoraFactors> factors, float alpha, Path out)
            throws IOException {
        MergedModelExport.checkFactors(base, factors, alpha);
        GgufWriter gguf = new GgufWriter();
        gguf.put(GgufFile.ARCHITECTURE_KEY, GgufValue.string(base.architecture()));
        gguf.put("general.type", GgufValue.string("adapter"));
        base.findString("general.name").ifPresent(name -> gguf.put("general.name", GgufValue.string(name + " LoRA")));
        gguf.put("general.file_type", GgufValue.uint32(ALL_F32));
        gguf.put("adapter.type", GgufValue.string("lora"));
        gguf.put("adapter.lora.alpha", GgufValue.float32(alpha));
        // In the base's tensor order, so that equal factors give equal files.
        for (GgufTensorInfo t : base.tensors()) {
            LoraFactors f = factors.get(t.name());
            if (f == null) {
                continue;
            }
            String a = t.name() + ".lora_a";
            String b = t.name() + ".lora_b";
            if (t.name().endsWith("token_embd.weight")) {
                if (!base.hasTensor("output.weight")) {
                    throw new IllegalArgumentException("LoRA factors for '" + t.name() + "' cannot go in a llama.cpp"
                            + " adapter: the base has no output.weight, so the embedding is also the classifier,"
                            + " and llama.cpp applies the embedding's adapter layout to it; export a merged model");
                }
                // llm_build_inp_embd: get_rows(lora_a, token) picks B's row, then mul_mat(lora_b, ·) applies A.
                gguf.addTensor(a, GgmlType.F32, new long[] {f.rank(), f.outputs()}, f.b());
                gguf.addTensor(b, GgmlType.F32, new long[] {f.rank(), f.inputs()}, f.aTransposed());
            } else {
                gguf.addTensor(a, GgmlType.F32, new long[] {f.inputs(), f.rank()}, f.a());
                gguf.addTensor(b, GgmlType.F32, new long[] {f.rank(), f.outputs()}, f.b());
            }
        }
        AtomicFile.write(out, gguf::write);
    }
}
