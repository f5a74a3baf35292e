package org.wenjin.model.hub;

import java.util.List;
import java.util.Locale;

/**
 * A model of the built-in catalogue: its short name ({@code qwen2.5:0.5b}), where it lives on each hub
 * (null where a hub has no copy), the file name pattern with {@code {quant}} for the quantization as the
 * repository spells it, and the quantizations offered.
 */
public record CatalogueEntry(String name, String huggingFaceRepository, String modelScopeRepository,
                             String filePattern, boolean upperCaseQuant, String defaultQuant, List<String> quants,
                             String description) {

    public String fileName(String quant) {
        String q = quant.toLowerCase(Locale.ROOT);
        if (!quants.contains(q)) {
            throw new IllegalArgumentException(name + " comes in " + String.join(", ", quants) + "; not in '" + quant + "'");
        }
        return filePattern.replace("{quant}", upperCaseQuant ? q.toUpperCase(Locale.ROOT) : q);
    }

    public String repository(String source) {
        String repository = source.equals("modelscope") ? modelScopeRepository : huggingFaceRepository;
        if (repository == null) {
            throw new IllegalArgumentException(name + " has no copy on " + source + "; use --source huggingface");
        }
        return repository;
    }
}
