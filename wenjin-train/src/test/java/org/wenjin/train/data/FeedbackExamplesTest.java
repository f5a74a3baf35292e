package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wenjin.model.ChatMessage.assistant;
import static org.wenjin.model.ChatMessage.user;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.model.ChatMessage;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Feedback;
import org.wenjin.store.NewFeedback;
import org.wenjin.store.NewMessage;
import org.wenjin.store.Rating;
import org.wenjin.store.StoredMessage;

/** Judged answers in a real SQLite conversation store become chat examples. */
class FeedbackExamplesTest {

    @TempDir
    Path dataDir;

    private static StoredMessage answer(ConversationStore store, String conversation, String text) {
        return store.appendMessage(conversation, NewMessage.assistant(text, "rag", "qwen2.5-0.5b", null, null));
    }

    private static Feedback judge(ConversationStore store, StoredMessage answer, Rating rating, String comment,
                                  String betterAnswer) {
        return store.saveFeedback(new NewFeedback(answer.id(), rating, comment, betterAnswer,
                "<|im_start|>system\nPassages: ...<|im_end|>\n...", "qwen2.5-0.5b"));
    }

    @Test
    void correctionsAndThumbsUpBecomeTheConversationUpToTheAnswerFollowedByTheGoodAnswer() {
        try (ConversationStore store = ConversationStore.open(dataDir)) {
            String capitals = store.createConversation("capitals").id();
            store.appendMessage(capitals, NewMessage.user("Capital of France?"));
            StoredMessage paris = answer(store, capitals, "Paris.");
            store.appendMessage(capitals, NewMessage.user("And of Australia?"));
            StoredMessage sydney = answer(store, capitals, "Sydney.");
            store.appendMessage(capitals, NewMessage.user("Thanks."));

            String rivers = store.createConversation("rivers").id();
            store.appendMessage(rivers, NewMessage.user("Longest river?"));
            StoredMessage amazon = answer(store, rivers, "The Amazon.");
            StoredMessage unhelpful = answer(store, rivers, "Rivers are long.");

            Feedback up = judge(store, paris, Rating.UP, null, null);
            Feedback corrected = judge(store, sydney, Rating.DOWN, "wrong city", "Canberra.");
            judge(store, amazon, Rating.DOWN, null, null);
            judge(store, unhelpful, null, "too vague", null);

            FeedbackExamples.Collected collected = FeedbackExamples.collect(store);

            assertThat(collected.examples()).containsExactly(
                    new SftExample.Chat(List.of(user("Capital of France?"), assistant("Paris.")), "feedback " + up.id()),
                    new SftExample.Chat(List.of(user("Capital of France?"), assistant("Paris."),
                            user("And of Australia?"), assistant("Canberra.")), "feedback " + corrected.id()));
            assertThat(collected.approvals()).isEqualTo(1);
            assertThat(collected.corrections()).isEqualTo(1);
            assertThat(collected.problems()).isEmpty();
        }
    }

    @Test
    void theLatestCorrectionOfAnAnswerWinsOverItsRatings() {
        try (ConversationStore store = ConversationStore.open(dataDir)) {
            String id = store.createConversation("").id();
            store.appendMessage(id, NewMessage.user("2+2?"));
            StoredMessage five = answer(store, id, "5");
            judge(store, five, Rating.UP, null, null);
            judge(store, five, null, null, "It is 3.");
            Feedback last = judge(store, five, null, null, "It is 4.");
            judge(store, five, Rating.DOWN, null, null);

            FeedbackExamples.Collected collected = FeedbackExamples.collect(store);

            assertThat(collected.examples()).singleElement().satisfies(example -> {
                assertThat(example.messages()).containsExactly(ChatMessage.user("2+2?"), assistant("It is 4."));
                assertThat(example.origin()).isEqualTo("feedback " + last.id());
            });
            assertThat(collected.corrections()).isEqualTo(1);
            assertThat(collected.approvals()).isZero();
        }
    }
}
