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
 * Llama 3's byte-level BPE vocabulary (ggml-vocab-llama-bpe.gguf) against llama.cpp's 46 vectors. The file
 * (4 MiB or more) is not in the shared test data: the tests run when it is given with
 * {@code -Dwenjin.vocab.llama-bpe=/path/to/ggml-vocab-llama-bpe.gguf} (or placed beside the .inp/.out files) and
 * are skipped otherwise. {@link PreTokenizerTest} checks this family's pre-tokenizer on the same
 * strings without the file.
 */
@EnabledIf(value = "vocabularyAvailable", disabledReason = "ggml-vocab-llama-bpe.gguf not available; pass -Dwenjin.vocab.llama-bpe=<file>")
class LlamaBpeVocabularyTest {

    private static Tokenizer tokenizer;
    private static List<LlamaCppVectors.Vector> vectors;

    static boolean vocabularyAvailable() {
        return TestVocabularies.vocabularyFile("llama-bpe").isPresent();
    }

    @BeforeAll
    static void load() {
        tokenizer = TestVocabularies.load(TestVocabularies.vocabularyFile("llama-bpe").orElseThrow());
        vectors = LlamaCppVectors.read("llama-bpe");
    }

    @Test
    void isByteLevelBpeWithItsFamilysPreTokenizer() {
        assertThat(tokenizer).isInstanceOf(BpeTokenizer.class);
        assertThat(((BpeTokenizer) tokenizer).preTokenizer()).isEqualTo(PreTokenizer.LLAMA3);
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
