package org.wenjin.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void chineseSentencesEndAtFullWidthMarksWithoutSpaces() {
        assertThat(Sentences.split("大语言模型很强大。它能回答问题！你用过吗？"))
                .containsExactly("大语言模型很强大。", "它能回答问题！", "你用过吗？");
    }

    @Test
    void semicolonAndEllipsisEndChineseSentencesAndRunsStayTogether() {
        assertThat(Sentences.split("首先要收集数据；其次要清洗……最后才训练。真的吗？！"))
                .containsExactly("首先要收集数据；", "其次要清洗……", "最后才训练。", "真的吗？！");
    }

    @Test
    void closingQuotesAndBracketsStayWithTheirSentence() {
        assertThat(Sentences.split("他说：“今天下雨了。”然后走了。（这是注释。）结束。"))
                .containsExactly("他说：“今天下雨了。”", "然后走了。", "（这是注释。）", "结束。");
        assertThat(Sentences.split("She said \"Stop.\" Then she left."))
                .containsExactly("She said \"Stop.\"", "Then she left.");
    }

    @Test
    void englishSentencesEndAtPeriodsFollowedBySpaceAndCapital() {
        assertThat(Sentences.split("GPT-3 was described in 2020. It has 175 billion parameters! Is that big?"))
                .containsExactly("GPT-3 was described in 2020.", "It has 175 billion parameters!", "Is that big?");
    }

    @Test
    void decimalNumbersAndVersionsAreNotSentenceEnds() {
        assertThat(Sentences.split("GPT-3.5 scored 3.5 points more than v1.0 did. Visit example.com today."))
                .containsExactly("GPT-3.5 scored 3.5 points more than v1.0 did.", "Visit example.com today.");
    }

    @Test
    void abbreviationsAndInitialsAreNotSentenceEnds() {
        assertThat(Sentences.split("Large models, e.g. GPT-4, are costly. Small ones, i.e. 7B models, run on laptops."))
                .containsExactly("Large models, e.g. GPT-4, are costly.", "Small ones, i.e. 7B models, run on laptops.");
        assertThat(Sentences.split("Dr. Smith met J. R. R. Tolkien in the U.S. Army. See Fig. 3 and No. 5 for details."))
                .containsExactly("Dr. Smith met J. R. R. Tolkien in the U.S. Army.", "See Fig. 3 and No. 5 for details.");
    }

    @Test
    void aLowerCaseWordAfterTheMarkContinuesTheSentence() {
        assertThat(Sentences.split("Wait... what happened? Yahoo! is a company. Done."))
                .containsExactly("Wait... what happened?", "Yahoo! is a company.", "Done.");
    }

    @Test
    void mixedChineseAndEnglishText() {
        assertThat(Sentences.split("BERT 发布于2018年。It changed NLP. 后来出现了 GPT-3。It ends here.下一句是中文。"))
                .containsExactly("BERT 发布于2018年。", "It changed NLP.", "后来出现了 GPT-3。", "It ends here.",
                        "下一句是中文。");
    }

    @Test
    void aNumberedStepBeforeChineseTextIsNotASentenceEnd() {
        assertThat(Sentences.split("步骤1.准备数据。步骤2.训练模型。"))
                .containsExactly("步骤1.准备数据。", "步骤2.训练模型。");
    }

    @Test
    void aBlankLineEndsASentenceButASingleLineBreakDoesNot() {
        assertThat(Sentences.split("A heading without a period\n\nA sentence that\ncontinues. Next one."))
                .containsExactly("A heading without a period", "A sentence that\ncontinues.", "Next one.");
    }

    @Test
    void emptyAndBlankTextHaveNoSentences() {
        assertThat(Sentences.split("")).isEmpty();
        assertThat(Sentences.split("  \n\n \t")).isEmpty();
        assertThat(Sentences.split("没有句号的一句话")).containsExactly("没有句号的一句话");
    }

    @Test
    void spansPointIntoTheOriginalTextAndSkipOnlyWhiteSpace() {
        String text = "  第一句。  Second one.\n\n第三句！ ";
        List<Sentences.Span> spans = Sentences.spans(text);
        assertThat(spans).hasSize(3);
        StringBuilder outside = new StringBuilder();
        int previous = 0;
        for (Sentences.Span span : spans) {
            outside.append(text, previous, span.start());
            previous = span.end();
        }
        outside.append(text.substring(previous));
        assertThat(outside.toString()).isBlank();
        assertThat(text.substring(spans.get(1).start(), spans.get(1).end())).isEqualTo("Second one.");
    }

    /** Sentences drawn at random from pools that exercise every rule, joined as a writer would join them. */
    @Test
    void randomMixturesOfKnownSentencesSplitBackIntoThem() {
        List<String> chinese = List.of("模型的参数有70亿个。", "这是真的吗？", "太好了！", "首先收集数据；", "然后呢……",
                "他说：“可以。”", "版本3.5比1.0快得多。", "它叫 GPT-4。", "步骤1.下载模型。");
        List<String> english = List.of("The model has 7.5 billion parameters.", "Is it true?", "Great!",
                "Models, e.g. BERT, use encoders.", "Dr. Li works in the U.S. today.", "She said \"Yes.\"",
                "It costs $3.50 per hour.", "J. Smith wrote it... and left.", "Version 2.0 is out.");
        long seed = Long.getLong("wenjin.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            List<String> expected = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                boolean zh = random.nextBoolean();
                List<String> pool = zh ? chinese : english;
                String sentence = pool.get(random.nextInt(pool.size()));
                if (!text.isEmpty() && (!zh || random.nextBoolean())) {
                    text.append(random.nextInt(5) == 0 ? "\n" : " ");
                }
                text.append(sentence);
                expected.add(sentence);
            }
            assertThat(Sentences.split(text.toString()))
                    .as("seed %d (rerun with -Dwenjin.seed=%d), text: %s", seed, seed, text)
                    .containsExactlyElementsOf(expected);
        }
    }
}
