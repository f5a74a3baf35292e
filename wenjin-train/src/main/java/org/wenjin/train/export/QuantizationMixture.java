package org.wenjin.train.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The type each tensor of an exported file gets, chosen as llama.cpp's llama-quantize chooses it
 * ({@code llama_tensor_get_type} in src/llama-quant.cpp) for the file types of {@link ExportType}:
 *
 * <ul>
 *   <li>Vectors (norms, biases, rope_freqs) are F32; other tensors llama.cpp never quantizes (norm matrices,
 *       MoE routers) keep their type.
 *   <li>F32 and F16 files hold every other weight matrix in that type.
 *   <li>In Q8_0, Q4_0 and Q4_K_M files the classifier ({@code output.weight}, or the token embedding where it
 *       doubles as the classifier) is Q6_K, or Q8_0 where its rows are not whole blocks of the file's type
 *       (and in Q8_0 files, and for Falcon).
 *   <li>Q4_K_M gives Q6_K to {@code attn_v} and {@code ffn_down} of the layers {@link #useMoreBits} picks.
 *   <li>A K-quant whose rows are not whole 256-value super-blocks falls back: Q4_K to Q5_0, Q5_K to Q5_1,
 *       Q6_K to Q8_0, then to F16 if the rows are not whole 32-value blocks either. Q8_0 and Q4_0 have no
 *       fallback there, so such a file cannot be made; the mixture says so before anything is written.
 * </ul>
 *
 * <p>llama.cpp counts the {@code attn_v} and {@code ffn_down} matrices in its loader's order, by layer and
 * then by name ({@code weight_name_comparer} in src/llama-model-loader.h), so the n-th of them is the one of
 * layer n in a dense model. The rules for 8-expert models and for 70B models are kept; those for the IQ and
 * other K-quant file types are not needed here.
 */
final class QuantizationMixture {

    /** What llama-quantize knows about the model besides its tensors ({@code llama_hparams}, {@code llm_type}). */
    record Model(String architecture, int blockCount, int expertCount, boolean is70B) {

        /** From the GGUF keys {@code <arch>.block_count}, {@code <arch>.expert_count} and the head counts. */
        static Model of(GgufFile file) {
            String arch = file.architecture();
            int blocks = file.getInt(arch + ".block_count");
            // llm_type 70B (src/llama-model.cpp): 80 Llama blocks with grouped-query attention, 80 Qwen2 blocks.
            boolean grouped = file.contains(arch + ".attention.head_count_kv")
                    && file.getInt(arch + ".attention.head_count_kv") != file.getInt(arch + ".attention.head_count");
            boolean is70B = blocks == 80 && (arch.equals("llama") && grouped || arch.equals("qwen2"));
            return new Model(arch, blocks, file.getInt(arch + ".expert_count", 0), is70B);
        }
    }

    private enum Category { CLASSIFIER, TOKEN_EMBEDDING, ATTENTION_V, ATTENTION_K, ATTENTION_OUTPUT, FFN_DOWN, OTHER }

    /** Tensor names llama.cpp never quantizes ({@code tensor_allows_quantization}); the rest of that list is of
     *  architectures this engine does not run. */
    private static final List<String> NEVER_QUANTIZED_PARTS = List.of("_norm.weight", "ffn_gate_inp.weight",
            "altup", "laurel", "per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight", "attn_rel_b.weight");
    private static final Set<String> NEVER_QUANTIZED_NAMES = Set.of("position_embd.weight", "token_types.weight");

    private final Map<String, GgmlType> types = new HashMap<>();

    QuantizationMixture(List<GgufTensorInfo> tensors, ExportType type, Model model) {
        boolean tiedEmbeddings = tensors.stream().noneMatch(t -> category(t.name()) == Category.CLASSIFIER);
        int attentionVs = (int) tensors.stream().filter(t -> category(t.name()) == Category.ATTENTION_V).count();
        List<GgufTensorInfo> loaderOrder = new ArrayList<>(tensors);
        loaderOrder.sort(Comparator.comparingInt((GgufTensorInfo t) -> layer(t.name())).thenComparing(GgufTensorInfo::name));
        int attentionV = 0;
        int ffnDown = 0;
        for (GgufTensorInfo t : loaderOrder) {
            GgmlType chosen;
            if (dimensionCount(t) < 2) {
                chosen = GgmlType.F32;
            } else if (!quantizable(t.name())) {
                chosen = t.type();
            } else if (type.defaultType().blockSize() == 1) {
                chosen = type.defaultType();
            } else {
                Category category = category(t.name());
                if (category == Category.TOKEN_EMBEDDING && tiedEmbeddings) {
                    category = Category.CLASSIFIER;
                }
                int layer = switch (category) {
                    case ATTENTION_V -> attentionV++;
                    case FFN_DOWN -> model.expertCount() > 1 ? layer(t.name()) : ffnDown++;
                    default -> -1;
                };
                int layers = category == Category.ATTENTION_V ? attentionVs : model.blockCount();
                chosen = fallback(t, mix(t, category, layer, layers, type, model));
            }
            types.put(t.name(), chosen);
        }
    }

    static QuantizationMixture of(GgufFile base, ExportType type) {
        return new QuantizationMixture(base.tensors(), type, Model.of(base));
    }

    /** The type of tensor {@code name} in the exported file. */
    GgmlType typeOf(String name) {
        GgmlType type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in the model");
        }
        return type;
    }

    /**
     * llama.cpp's {@code use_more_bits}: the first and last eighth of the layers, and every third layer between.
     */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    /** {@code llama_tensor_get_type_impl}'s rules for Q8_0, Q4_0 and Q4_K_M. */
    private static GgmlType mix(GgufTensorInfo t, Category category, int layer, int layers, ExportType type,
                                Model model) {
        GgmlType chosen = type.defaultType();
        boolean falcon = model.architecture().equals("falcon");
        boolean q4km = type == ExportType.Q4_K_M;
        switch (category) {
            case CLASSIFIER -> {
                if (falcon || t.dimension(0) % chosen.blockSize() != 0) {
                    chosen = GgmlType.Q8_0;
                } else if (chosen != GgmlType.Q8_0) {
                    chosen = GgmlType.Q6_K;
                }
            }
            case ATTENTION_V -> {
                if (q4km && useMoreBits(layer, layers)) {
                    chosen = GgmlType.Q6_K;
                }
                // In 70B models 8 query heads share each attn_v head, so it is 8x smaller than attn_q: more bits
                // cost little there.
                if (model.is70B() && chosen == GgmlType.Q4_K) {
                    chosen = GgmlType.Q5_K;
                }
                if (model.expertCount() == 8) {
                    chosen = GgmlType.Q8_0;
                }
            }
            case ATTENTION_K -> {
                if (model.expertCount() == 8) {
                    chosen = GgmlType.Q8_0;
                }
            }
            case FFN_DOWN -> {
                if (q4km && falcon) {
                    chosen = layer < layers / 16 ? GgmlType.Q6_K
                            : useMoreBits(layer, layers) ? GgmlType.Q5_K : GgmlType.Q4_K;
                } else if (q4km && useMoreBits(layer, layers)) {
                    chosen = GgmlType.Q6_K;
                }
            }
            case ATTENTION_OUTPUT -> {
                if (q4km && !falcon && model.expertCount() == 8) {
                    chosen = GgmlType.Q5_K;
                }
            }
            case TOKEN_EMBEDDING, OTHER -> { }
        }
        return chosen;
    }

    /** {@code tensor_type_fallback}: a type whose blocks fit the rows, where llama.cpp has one. */
    private static GgmlType fallback(GgufTensorInfo t, GgmlType type) {
        long columns = t.dimension(0);
        if (columns % type.blockSize() == 0) {
            return type;
        }
        GgmlType fallback = switch (type) {
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "' has rows of " + columns
                    + " values, not a whole number of " + type + " blocks of " + type.blockSize()
                    + ", and llama.cpp has no type to fall back to from " + type + "; export it as F16, F32 or Q4_K_M");
        };
        return columns % fallback.blockSize() == 0 ? fallback : GgmlType.F16;
    }

    /** {@code tensor_get_category}, reduced to the categories whose rules the export types use. */
    private static Category category(String name) {
        if (name.equals("output.weight")) {
            return Category.CLASSIFIER;
        }
        if (name.equals("token_embd.weight") || name.equals("per_layer_token_embd.weight")) {
            return Category.TOKEN_EMBEDDING;
        }
        if (name.contains("attn_qkv.weight") || name.contains("attn_kv_b.weight") || name.contains("attn_v.weight")) {
            return Category.ATTENTION_V;
        }
        if (name.contains("attn_k.weight")) {
            return Category.ATTENTION_K;
        }
        if (name.contains("attn_output.weight")) {
            return Category.ATTENTION_OUTPUT;
        }
        return name.contains("ffn_down") ? Category.FFN_DOWN : Category.OTHER;
    }

    private static boolean quantizable(String name) {
        return name.endsWith("weight") && !NEVER_QUANTIZED_NAMES.contains(name)
                && NEVER_QUANTIZED_PARTS.stream().noneMatch(name::contains);
    }

    /** ggml_n_dims: the dimensions up to the last one above 1. */
    private static int dimensionCount(GgufTensorInfo t) {
        int n = t.rank();
        while (n > 1 && t.dimension(n - 1) == 1) {
            n--;
        }
        return n;
    }

    /** The N of a name {@code blk.N.…}, or -1, as the loader's {@code sscanf(name, "blk.%d.")} reads it. */
    static int layer(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int end = 4;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end == 4 ? -1 : Integer.parseInt(name.substring(4, end));
    }
}
