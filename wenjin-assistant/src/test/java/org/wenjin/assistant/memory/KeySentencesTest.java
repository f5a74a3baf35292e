package org.wenjin.assistant.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.model.ChatMessage;

class KeySentencesTest {
    private final List<ChatMessage> turns = List.of(
            ChatMessage.user("文心一言是哪家公司开发的？"),
            ChatMessage.assistant("文心一言的开发者是百度[1]。百度的总部在北京[2]。它于 2023 年发布。"),
            ChatMessage.user("GPT-3有多少参数？"),
            ChatMessage.assistant("GPT-3有1750亿个参数[3]。它由OpenAI开发。"));

    @Test
    void keepsWhatTheUserAskedAndWhatBearsOnTheQuestionInTheOrderItWasSaidWithoutCitationMarkers() {
        String condensed = new KeySentences().condense("百度的总部在哪里？", turns, 1000, String::length);

        assertThat(condensed).startsWith("用户：文心一言是哪家公司开发的？")
                .contains("助手：百度的总部在北京。").contains("用户：GPT-3有多少参数？")
                .doesNotContain("[");
        assertThat(condensed.indexOf("百度的总部")).isLessThan(condensed.indexOf("GPT-3有多少参数"));
    }

    @Test
    void aSmallBudgetKeepsOnlyTheBestSentences() {
        String condensed = new KeySentences().condense("百度的总部在哪里？", turns, 15, String::length);

        assertThat(condensed).isEqualTo("助手：百度的总部在北京。");
    }
}
