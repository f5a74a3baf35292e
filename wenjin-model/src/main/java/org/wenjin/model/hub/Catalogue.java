package org.wenjin.model.hub;

import java.util.List;
import java.util.Optional;

/**
 * Instruct models small enough for a CPU, by the short names Ollama users know. Repositories are the
 * publishers' own GGUF conversions (Qwen's official ones; for Llama a widely used community conversion,
 * since Meta publishes no GGUF).
 */
public final class Catalogue {
    private static final List<String> QWEN25_QUANTS =
            List.of("q2_k", "q3_k_m", "q4_0", "q4_k_m", "q5_0", "q5_k_m", "q6_k", "q8_0", "fp16");
    private static final List<String> LLAMA_QUANTS = List.of("q4_0", "q4_k_m", "q5_k_m", "q6_k", "q8_0", "f16");

    private static final List<CatalogueEntry> ENTRIES = List.of(
            qwen25("0.5b", "0.5B"),
            qwen25("1.5b", "1.5B"),
            qwen25("3b", "3B"),
            new CatalogueEntry("qwen3:0.6b", "Qwen/Qwen3-0.6B-GGUF", "Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-{quant}.gguf",
                    true, "q8_0", List.of("q8_0"), "Qwen3 0.6B, thinking and non-thinking modes"),
            new CatalogueEntry("qwen3:1.7b", "Qwen/Qwen3-1.7B-GGUF", "Qwen/Qwen3-1.7B-GGUF", "Qwen3-1.7B-{quant}.gguf",
                    true, "q8_0", List.of("q8_0"), "Qwen3 1.7B, thinking and non-thinking modes"),
            new CatalogueEntry("llama3.2:1b", "bartowski/Llama-3.2-1B-Instruct-GGUF", null,
                    "Llama-3.2-1B-Instruct-{quant}.gguf", true, "q4_k_m", LLAMA_QUANTS, "Llama 3.2 1B Instruct"),
            new CatalogueEntry("llama3.2:3b", "bartowski/Llama-3.2-3B-Instruct-GGUF", null,
                    "Llama-3.2-3B-Instruct-{quant}.gguf", true, "q4_k_m", LLAMA_QUANTS, "Llama 3.2 3B Instruct"));

    private Catalogue() {
    }

    private static CatalogueEntry qwen25(String size, String upper) {
        return new CatalogueEntry("qwen2.5:" + size, "Qwen/Qwen2.5-" + upper + "-Instruct-GGUF",
                "Qwen/Qwen2.5-" + upper + "-Instruct-GGUF", "qwen2.5-" + size + "-instruct-{quant}.gguf", false,
                "q4_k_m", QWEN25_QUANTS, "Qwen2.5 " + upper + " Instruct, Chinese and English");
    }

    public static List<CatalogueEntry> entries() {
        return ENTRIES;
    }

    public static Optional<CatalogueEntry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }
}
