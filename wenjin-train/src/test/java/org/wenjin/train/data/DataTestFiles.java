package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tokenizer.Tokenizer;

/** The real model and vocabulary files of shared/testdata (system property {@code wenjin.testdata}), each read once. */
final class DataTestFiles {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private DataTestFiles() {
    }

    static Path file(String name) {
        String dir = System.getProperty("wenjin.testdata");
        assertThat(dir).as("system property wenjin.testdata (set by the parent POM)").isNotNull();
        return Path.of(dir, name);
    }

    static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> {
            try (GgufFile gguf = GgufFile.open(file(n))) {
                return Tokenizer.fromGguf(gguf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
