package org.wenjin.assistant.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Language;
import org.wenjin.model.ChatMessage;

/** A model's rewrite is used only when it is a faithful standalone form of the follow-up. */
class ModelRewriterTest {
    private final List<ChatMessage> english = List.of(ChatMessage.user("Who developed BERT?"), ChatMessage.assistant("Google did."));
    private final List<ChatMessage> chinese = List.of(ChatMessage.user("文心一言是哪家公司开发的？"), ChatMessage.assistant("百度。"));

    @Test
    void aRewriteMadeOfTheFollowUpAndTheConversationsWordsIsAccepted() {
        assertThat(ModelRewriter.check("When was BERT released?", "When was it released?", english, Language.ENGLISH)).isNull();
        assertThat(ModelRewriter.check("文心一言是什么时候发布的？", "它是什么时候发布的？", chinese, Language.CHINESE)).isNull();
    }

    @Test
    void aStoryOrAnAnswerOrAnotherLanguageIsRejectedWithTheReason() {
        assertThat(ModelRewriter.check("Once upon a time, there was a little girl named Lily who loved to play.",
                "When was it released?", english, Language.ENGLISH)).startsWith("the reply drops most of the follow-up's words");
        assertThat(ModelRewriter.check("When was BERT released? It was released by a little girl named Lily in her park",
                "When was it released?", english, Language.ENGLISH)).startsWith("the reply adds words the conversation never used: ");
        assertThat(ModelRewriter.check("When was BERT released?", "它是什么时候发布的？", chinese, Language.CHINESE))
                .isEqualTo("the reply is not in the follow-up's language");
        assertThat(ModelRewriter.check("", "When was it released?", english, Language.ENGLISH)).isEqualTo("the reply was empty");
    }
}
