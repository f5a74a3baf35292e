package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** DeepSeek LLM's byte-level BPE vocabulary (ggml-vocab-deepseek-llm.gguf) against llama.cpp's 46 vectors. */
class DeepseekLlmVocabularyTest {

    private static Tokenizer tokenizer;
    private static List<LlamaCppVectors.Vector> vectors;

    @BeforeAll
    static void load() {
        tokenizer = TestVocabularies.load(TestVocabularies.vocabularyFile("deepseek-llm").orElseThrow());
        vectors = LlamaCppVectors.read("deepseek-llm");
    }

    @Test
    void isByteLevelBpeWithTheDeepseekPreTokenizer() {
        assertThat(tokenizer).isInstanceOf(BpeTokenizer.class);
        assertThat(((BpeTokenizer) tokenizer).preTokenizer()).isEqualTo(PreTokenizer.DEEPSEEK_LLM);
        assertThat(((BpeTokenizer) tokenizer).mergeCount()).isEqualTo(99757);
        assertThat(tokenizer.vocabularySize()).isEqualTo(102400);
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
