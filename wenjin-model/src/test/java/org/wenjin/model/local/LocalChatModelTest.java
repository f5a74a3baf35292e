package org.wenjin.model.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;

/** The local backend over a real trained model (stories260K, a TinyStories Llama). */
class LocalChatModelTest {
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");
    private static final GenerationOptions GREEDY_40 = new GenerationOptions(40, 0, 1, 1L, List.of());
    private static LocalChatModel model;

    @BeforeAll
    static void load() {
        model = LocalChatModel.load(STORIES, 0, 2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatResult chat(String text, GenerationOptions options, List<String> pieces) {
        return model.chat(new ChatRequest(List.of(ChatMessage.user(text)), options), pieces::add, new Cancellation());
    }

    @Test
    void isNamedAfterItsFileAndUsesTheModelsOwnTokenizerAndContext() {
        assertThat(model.name()).isEqualTo("stories260K");
        assertThat(model.contextLength()).isEqualTo(2048);
        assertThat(model.countTokens("Once upon a time")).isBetween(3, 8);
    }

    @Test
    void greedyRepliesAreStreamedWholeAndReproducible() {
        List<String> pieces = new ArrayList<>();
        ChatResult first = chat("Tell me a story about a cat.", GREEDY_40, pieces);
        ChatResult second = chat("Tell me a story about a cat.", GREEDY_40, new ArrayList<>());

        assertThat(first.text()).isNotBlank().isEqualTo(second.text()).isEqualTo(String.join("", pieces));
        assertThat(first.completionTokens()).isBetween(1, 40);
        assertThat(first.promptTokens()).isPositive();
        assertThat(first.prompt()).contains("Tell me a story about a cat.");
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() {
        ChatResult result = chat("Once upon a time", new GenerationOptions(5, 0, 1, 1L, List.of()), new ArrayList<>());

        assertThat(result.completionTokens()).isEqualTo(5);
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void twoConversationsGenerateAtOnceAndGetTheSameAnswersAsAlone() {
        String alone = chat("A dog named Max", GREEDY_40, new ArrayList<>()).text();

        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> chat("A dog named Max", GREEDY_40, new ArrayList<>()).text());
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> chat("Lily had a red ball", GREEDY_40, new ArrayList<>()).text());

        assertThat(a.join()).isEqualTo(alone);
        assertThat(b.join()).isNotBlank();
    }

    @Test
    void aCancelledGenerationStopsEarly() {
        Cancellation cancellation = new Cancellation();
        List<String> pieces = new ArrayList<>();
        ChatResult result = model.chat(new ChatRequest(List.of(ChatMessage.user("Once")), new GenerationOptions(200, 0, 1, 1L, List.of())),
                text -> {
                    pieces.add(text);
                    cancellation.cancel();
                }, cancellation);

        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.completionTokens()).isLessThan(200);
    }

    @Test
    void aPromptLongerThanTheContextIsAClearError() {
        String huge = "once upon a time ".repeat(2000);

        assertThatThrownBy(() -> chat(huge, GREEDY_40, new ArrayList<>()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("context");
    }
}
