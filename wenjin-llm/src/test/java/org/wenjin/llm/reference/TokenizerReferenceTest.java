package org.wenjin.llm.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wenjin.llm.tokenizer.Tokenizer;

/**
 * The engine's tokenizers give llama.cpp's ids, for every vocabulary of the test data, on llama.cpp's own
 * test inputs, on Chinese, English, emoji and mixed texts, and around the vocabulary's control tokens, with
 * and without BOS/EOS ({@code add_special}) and control-token parsing ({@code parse_special}).
 *
 * <p>The reference is llama.cpp b4916 ({@link JavaLlamaCpp}); {@link ReferenceLlamaTest} shows that
 * node-llama-cpp's newer build tokenizes the same texts with the same flags identically.
 */
class TokenizerReferenceTest {

    private static JavaLlamaCpp llamaCpp;

    @BeforeAll
    static void start() {
        llamaCpp = new JavaLlamaCpp();
    }

    @AfterAll
    static void stop() {
        llamaCpp.close();
    }

    static Stream<Arguments> settings() {
        return Testdata.VOCABULARIES.stream().flatMap(vocabulary -> Stream.of(
                Arguments.of(vocabulary, false, false), Arguments.of(vocabulary, true, false),
                Arguments.of(vocabulary, false, true), Arguments.of(vocabulary, true, true)));
    }

    @ParameterizedTest(name = "{0}, add_special {1}, parse_special {2}")
    @MethodSource("settings")
    void engineTokenizesLikeLlamaCpp(String vocabulary, boolean addSpecial, boolean parseSpecial) {
        Path file = Testdata.vocabulary(vocabulary);
        Tokenizer tokenizer = Engine.tokenizer(file);
        List<String> texts = Testdata.texts(file);

        List<String> differences = new ArrayList<>();
        for (String text : texts) {
            int[] expected = llamaCpp.tokenize(file, text, addSpecial, parseSpecial);
            int[] actual = tokenizer.encode(text, addSpecial, parseSpecial);
            if (!Arrays.equals(actual, expected)) {
                differences.add(TokenizerCases.quoted(text) + ": engine " + Arrays.toString(actual) + ", llama.cpp "
                        + Arrays.toString(expected));
            }
        }
        Report.line("tokenizer %s add_special=%s parse_special=%s: the engine equals llama.cpp on %d of %d texts",
                vocabulary, addSpecial, parseSpecial, texts.size() - differences.size(), texts.size());
        assertThat(differences).as("engine vs llama.cpp on %s", file.getFileName()).isEmpty();
    }
}
