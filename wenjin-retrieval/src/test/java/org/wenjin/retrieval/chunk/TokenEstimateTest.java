package org.wenjin.retrieval.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    @Test
    void aChineseCharacterIsOneTokenAndPunctuationIsFree() {
        assertThat(TokenEstimate.of("大语言模型。")).isEqualTo(5);
    }

    @Test
    void anEnglishWordIsAboutOnePointThreeTokens() {
        assertThat(TokenEstimate.of("Attention is all you need")).isEqualTo(7); // ceil(5 × 1.3)
        assertThat(TokenEstimate.of("don't state-of-the-art GPT-4")).isEqualTo(4); // three words
    }

    @Test
    void mixedTextAddsBoth() {
        assertThat(TokenEstimate.of("BERT 发布于2018年")).isEqualTo(4 + 3); // 发布于年 + ceil(2 × 1.3)
    }
}
