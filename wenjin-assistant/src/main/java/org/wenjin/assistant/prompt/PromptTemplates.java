package org.wenjin.assistant.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.wenjin.assistant.Language;

/**
 * The texts prompts are built from, one file per template and language ({@code answer.zh.txt},
 * {@code answer.en.txt}), each starting with a {@code # name vN — purpose} line that names its version.
 * The defaults ship in the jar; a file of the same name in an override folder (the data directory's
 * {@code prompts/}) replaces one without rebuilding, so a deployment can tune its prompts. The few-shot
 * example pools ({@link #examples}) live beside them and are overridden the same way.
 */
public final class PromptTemplates {
    private static final String RESOURCES = "/org/wenjin/assistant/prompts/";

    /** A template's text and the version its header names, which the trace records. */
    public record Template(String name, String version, String text) {
    }

    private final Path overrides;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();
    private final Map<String, ExamplePool> pools = new ConcurrentHashMap<>();

    private PromptTemplates(Path overrides) {
        this.overrides = overrides;
    }

    public static PromptTemplates bundled() {
        return new PromptTemplates(null);
    }

    /** Templates from {@code folder} where it has them, the bundled ones otherwise. */
    public static PromptTemplates withOverrides(Path folder) {
        return new PromptTemplates(folder);
    }

    public Template get(String name, Language language) {
        String file = name + "." + (language == Language.CHINESE ? "zh" : "en") + ".txt";
        return cache.computeIfAbsent(file, this::load);
    }

    /**
     * The few-shot examples for a task ({@code rewrite}, {@code plan}) in a language, from
     * {@code NAME.examples.zh.jsonl} or {@code NAME.examples.en.jsonl}, overridable like the templates.
     */
    public ExamplePool examples(String name, Language language) {
        String file = name + ".examples." + (language == Language.CHINESE ? "zh" : "en") + ".jsonl";
        return pools.computeIfAbsent(file, f -> read(f, ExamplePool::parse));
    }

    private Template load(String file) {
        return read(file, (origin, content) -> parse(file, content, origin));
    }

    private <T> T read(String file, BiFunction<String, String, T> parser) {
        if (overrides != null && Files.isRegularFile(overrides.resolve(file))) {
            try {
                return parser.apply(overrides.resolve(file).toString(), Files.readString(overrides.resolve(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + overrides.resolve(file), e);
            }
        }
        try (InputStream in = PromptTemplates.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled prompt file " + file);
            }
            return parser.apply("bundled " + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled prompt file " + file, e);
        }
    }

    private static Template parse(String file, String content, String origin) {
        String name = file.substring(0, file.indexOf('.'));
        String[] lines = content.replace("\r\n", "\n").split("\n", 2);
        String header = lines[0].strip();
        String[] words = header.split("\\s+");
        if (!header.startsWith("#") || words.length < 3 || !words[2].toLowerCase(Locale.ROOT).matches("v\\d+")) {
            throw new IllegalArgumentException(origin + ": line 1 must be '# " + name + " vN — purpose', was '" + header + "'");
        }
        String text = lines.length > 1 ? lines[1].strip() : "";
        if (text.isEmpty()) {
            throw new IllegalArgumentException(origin + ": the template has no text after its header line");
        }
        return new Template(name, words[2].toLowerCase(Locale.ROOT), text);
    }
}
