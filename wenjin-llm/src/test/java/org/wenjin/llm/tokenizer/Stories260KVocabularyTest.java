package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The 512-token SentencePiece vocabulary of llama2.c's stories260K, and the text that model writes by
 * greedy sampling from BOS (shared/testdata/stories260K.greedy-256.txt and .ids).
 */
class Stories260KVocabularyTest {

    private final Tokenizer tokenizer = TestVocabularies.shipped("stories260K.gguf");

    @Test
    void hasTheLlama2cSpecialTokensAndByteFallback() {
        assertThat(tokenizer).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(tokenizer.vocabularySize()).isEqualTo(512);
        assertThat(tokenizer.bos()).hasValue(1);
        assertThat(tokenizer.eos()).hasValue(2);
        assertThat(tokenizer.specialTokens().unknown()).hasValue(0);
        assertThat(tokenizer.specialTokens().addBos()).as("llama.cpp's default for SentencePiece").isTrue();
        assertThat(tokenizer.isEndOfGeneration(2)).isTrue();
        assertThat(tokenizer.isEndOfGeneration(1)).isFalse();
        assertThat(tokenizer.tokenText(3)).isEqualTo("<0x00>");
        assertThat(tokenizer.vocabulary().type(3)).isEqualTo(TokenType.BYTE);
    }

    @Test
    void decodesTheGreedyGenerationToItsPublishedText() throws IOException {
        int[] ids = greedyIds();
        String text = greedyText();
        assertThat(ids).hasSize(256);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void encodingThePublishedTextGivesBackTheGeneratedIds() throws IOException {
        assertThat(tokenizer.encode(greedyText(), false, false)).containsExactly(greedyIds());
        int[] withBos = tokenizer.encode(greedyText(), true, false);
        assertThat(withBos[0]).isEqualTo(1);
        assertThat(Arrays.copyOfRange(withBos, 1, withBos.length)).containsExactly(greedyIds());
    }

    @Test
    void streamsTheGenerationTokenByToken() throws IOException {
        TokenDecoder decoder = tokenizer.newDecoder();
        StringBuilder text = new StringBuilder();
        for (int id : greedyIds()) {
            text.append(decoder.append(id));
        }
        assertThat(decoder.finish()).isEmpty();
        assertThat(text.toString()).isEqualTo(greedyText());
    }

    private static String greedyText() throws IOException {
        return Files.readString(TestVocabularies.testdata().resolve("stories260K.greedy-256.txt"), StandardCharsets.UTF_8);
    }

    private static int[] greedyIds() throws IOException {
        String ids = Files.readString(TestVocabularies.testdata().resolve("stories260K.greedy-256.ids"), StandardCharsets.UTF_8);
        return Arrays.stream(ids.strip().split(" ")).mapToInt(Integer::parseInt).toArray();
    }
}
