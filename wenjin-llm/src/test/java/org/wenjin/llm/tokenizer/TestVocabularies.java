package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wenjin.llm.gguf.GgufFile;

/**
 * The real vocabularies of shared/testdata (found through the system property {@code wenjin.testdata}),
 * each read once per test run.
 */
final class TestVocabularies {

    private static final Map<Path, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private TestVocabularies() {
    }

    static Path testdata() {
        String dir = System.getProperty("wenjin.testdata");
        assertThat(dir).as("system property wenjin.testdata (set by the parent POM)").isNotNull();
        return Path.of(dir);
    }

    /** A file of the test data, e.g. "stories260K.gguf". */
    static Tokenizer shipped(String fileName) {
        return load(testdata().resolve(fileName));
    }

    /**
     * The .gguf of a llama.cpp test vocabulary ("llama-spm", "qwen2", ...): from the system property
     * {@code wenjin.vocab.<name>} if set, else from the test data if it is there.
     */
    static Optional<Path> vocabularyFile(String vocabulary) {
        String property = System.getProperty("wenjin.vocab." + vocabulary);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property));
        }
        Path shipped = testdata().resolve("ggml-vocab-" + vocabulary + ".gguf");
        return Files.isRegularFile(shipped) ? Optional.of(shipped) : Optional.empty();
    }

    static Tokenizer load(Path file) {
        return LOADED.computeIfAbsent(file.toAbsolutePath().normalize(), path -> {
            try (GgufFile gguf = GgufFile.open(path)) {
                return Tokenizer.fromGguf(gguf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
