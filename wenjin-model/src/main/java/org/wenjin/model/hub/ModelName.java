package org.wenjin.model.hub;

import java.util.Locale;

/**
 * What a user types to name a model: a catalogue short name with an optional quantization
 * ({@code qwen2.5:0.5b}, {@code qwen2.5:0.5b:q8_0}), or a hub path {@code owner/repo/file.gguf}.
 */
public record ModelName(String repository, String fileName, String display) {

    public static ModelName parse(String text, String source) {
        String name = text.strip();
        if (name.endsWith(".gguf") && name.chars().filter(c -> c == '/').count() >= 2) {
            int lastSlash = name.lastIndexOf('/');
            return new ModelName(name.substring(0, lastSlash), name.substring(lastSlash + 1), name);
        }
        String base = name;
        String quant = null;
        String[] parts = name.split(":");
        if (parts.length == 3) {
            base = parts[0] + ":" + parts[1];
            quant = parts[2];
        }
        CatalogueEntry entry = Catalogue.find(base).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + text + "': use a catalogue name (" + String.join(", ",
                        Catalogue.entries().stream().map(CatalogueEntry::name).toList())
                        + ", optionally with :QUANT) or a hub path owner/repo/file.gguf"));
        String q = quant == null ? entry.defaultQuant() : quant.toLowerCase(Locale.ROOT);
        return new ModelName(entry.repository(source), entry.fileName(q), entry.name() + ":" + q);
    }
}
