package org.wenjin.media.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {
    @Test
    void splitsSentencesAtChineseAndEnglishEnds() {
        assertThat(SpeechSegmenter.sentences("今天天气很好。我们去公园吧！Is it far? No.\n第二段"))
                .containsExactly("今天天气很好。", "我们去公园吧！", "Is it far?", "No.", "第二段");
    }

    @Test
    void keepsDecimalPointsAndClosingQuotesInsideTheSentence() {
        assertThat(SpeechSegmenter.sentences("版本 3.5 发布了。”他说。"))
                .containsExactly("版本 3.5 发布了。”", "他说。");
    }

    @Test
    void picksTheVoiceOfEachRunOfMixedText() {
        List<SpeechSegment> segments = new SpeechSegmenter().segments("我们用 Java 编写，2025年发布。Hello world.");
        assertThat(segments).extracting(SpeechSegment::text)
                .containsExactly("我们用", "Java", "编写，2025年发布。", "Hello world.");
        assertThat(segments).extracting(SpeechSegment::voice)
                .containsExactly(Voice.MANDARIN, Voice.ENGLISH, Voice.MANDARIN, Voice.ENGLISH);
        assertThat(segments).extracting(SpeechSegment::sentenceEnd).containsExactly(false, false, true, true);
    }

    @Test
    void aFixedVoiceReadsEverything() {
        assertThat(new SpeechSegmenter(Voice.ENGLISH).segments("我们用 Java。"))
                .containsExactly(new SpeechSegment("我们用 Java。", Voice.ENGLISH, true));
    }

    @Test
    void dropsSentencesWithNothingToSay() {
        assertThat(new SpeechSegmenter().segments("……！？ 。")).isEmpty();
    }
}
