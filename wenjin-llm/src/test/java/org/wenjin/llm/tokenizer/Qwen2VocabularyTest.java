package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Qwen 1.5's byte-level BPE vocabulary (ggml-vocab-qwen2.gguf) against llama.cpp's 46 vectors. The file
 * (4 MiB or more) is not in the shared test data: the tests run when it is given with
 * {@code -Dwenjin.vocab.qwen2=/path/to/ggml-vocab-qwen2.gguf} (or placed beside the .inp/.out files) and
 * are skipped otherwise. {@link PreTokenizerTest} checks this family's pre-tokenizer on the same
 * strings without the file.
 */
@EnabledIf(value = "vocabularyAvailable", disabledReason = "ggml-vocab-qwen2.gguf not available; pass -Dwenjin.vocab.qwen2=<file>")
class Qwen2VocabularyTest {

    private static Tokenizer tokenizer;
    private static List<LlamaCppVectors.Vector> vectors;

    static boolean vocabularyAvailable() {
        return TestVocabularies.vocabularyFile("qwen2").isPresent();
    }

    @BeforeAll
    static void load() {
        tokenizer = TestVocabularies.load(TestVocabularies.vocabularyFile("qwen2").orElseThrow());
        vectors = LlamaCppVectors.read("qwen2");
    }

    @Test
    void isByteLevelBpeWithItsFamilysPreTokenizer() {
        assertThat(tokenizer).isInstanceOf(BpeTokenizer.class);
        assertThat(((BpeTokenizer) tokenizer).preTokenizer()).isEqualTo(PreTokenizer.QWEN2);
        assertThat(vectors).hasSize(46);
    }

    @TestFactory
    Stream<DynamicTest> encodesEveryVectorExactly() {
        return LlamaCppVectors.encodeTests(tokenizer, vectors);
    }

    @Test
    void decodesEveryVectorBackToItsText() {
        for (LlamaCppVectors.Vector vector : vectors) {
            assertThat(tokenizer.decode(vector.expected())).as("%s", vector).isEqualTo(vector.text());
        }
    }
}
