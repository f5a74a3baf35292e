package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Llama 2's SentencePiece vocabulary (ggml-vocab-llama-spm.gguf) against llama.cpp's 46 vectors. */
class LlamaSpmVocabularyTest {

    private static Tokenizer tokenizer;
    private static List<LlamaCppVectors.Vector> vectors;

    @BeforeAll
    static void load() {
        tokenizer = TestVocabularies.load(TestVocabularies.vocabularyFile("llama-spm").orElseThrow());
        vectors = LlamaCppVectors.read("llama-spm");
    }

    @Test
    void isSentencePieceWithLlamaSpecialTokens() {
        assertThat(tokenizer).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(tokenizer.vocabularySize()).isEqualTo(32000);
        assertThat(tokenizer.bos()).hasValue(1);
        assertThat(tokenizer.eos()).hasValue(2);
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
