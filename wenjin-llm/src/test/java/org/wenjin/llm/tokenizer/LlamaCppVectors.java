package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The tokenizer test vectors of llama.cpp ({@code models/ggml-vocab-*.gguf.inp/.out}, read by its
 * {@code tests/test-tokenizer-0.cpp}), described in shared/testdata/README.md: the .inp file holds
 * the test strings, each followed by {@code "\n__ggml_vocab_test__\n"}; line i of the .out file holds
 * the ids Hugging Face's tokenizer gives for string i without special tokens, each written as a space
 * and the number.
 */
final class LlamaCppVectors {

    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** One test string and the ids expected for it; {@code number} counts from 1. */
    record Vector(int number, String text, int[] expected) {
        @Override
        public String toString() {
            return "test " + number + " " + quoted(text);
        }
    }

    private LlamaCppVectors() {
    }

    static List<Vector> read(String vocabulary) {
        try {
            String input = Files.readString(TestVocabularies.testdata().resolve("ggml-vocab-" + vocabulary + ".gguf.inp"), StandardCharsets.UTF_8);
            List<String> lines = Files.readAllLines(TestVocabularies.testdata().resolve("ggml-vocab-" + vocabulary + ".gguf.out"), StandardCharsets.UTF_8);
            assertThat(input).endsWith(SEPARATOR);
            String[] texts = input.substring(0, input.length() - SEPARATOR.length()).split(SEPARATOR, -1);
            assertThat(texts).as("tests in the .inp file").hasSize(lines.size());
            List<Vector> vectors = new ArrayList<>();
            for (int i = 0; i < texts.length; i++) {
                String line = lines.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                vectors.add(new Vector(i + 1, texts[i], ids));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One dynamic test per vector: encoding without special tokens gives exactly the expected ids. */
    static Stream<DynamicTest> encodeTests(Tokenizer tokenizer, List<Vector> vectors) {
        return vectors.stream().map(vector -> DynamicTest.dynamicTest(vector.toString(), () ->
                assertThat(tokenizer.encode(vector.text(), false, false))
                        .as("ids of %s", vector)
                        .containsExactly(vector.expected())));
    }

    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(60).forEach(cp -> {
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.appendCodePoint(cp);
            }
        });
        return out.append(text.codePointCount(0, text.length()) > 60 ? "...\"" : "\"").toString();
    }
}
