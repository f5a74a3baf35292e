package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Answer;
import org.wenjin.assistant.AnswerMode;
import org.wenjin.assistant.Assistant;
import org.wenjin.assistant.DemoKnowledge;
import org.wenjin.assistant.Question;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.openai.OpenAiChatModel;
import org.wenjin.model.openai.RemoteModelConfig;

/**
 * The remote OpenAI-compatible backend, tested against a real server speaking that API: a second Wenjin
 * instance. What the remote instance streams must arrive intact, in pieces, and a Wenjin that uses it as
 * its model must answer generatively with the remote text.
 */
class RemoteModelAgainstWenjinTest {
    @TempDir
    static Path data;

    private static RunningServer remote;

    @BeforeAll
    static void startRemoteWenjin() {
        remote = new RunningServer(data, RunningServer.config(), Assistant.withDemoKnowledge());
    }

    @AfterAll
    static void stop() {
        remote.close();
    }

    private static OpenAiChatModel client(String model) {
        return new OpenAiChatModel(new RemoteModelConfig("http://127.0.0.1:" + remote.server.port() + "/v1", model, null));
    }

    @Test
    void streamsTheRemoteAnswerPieceByPieceAndReturnsItWhole() {
        List<String> pieces = new ArrayList<>();
        ChatResult result = client(Assistant.EXTRACTIVE_MODEL_NAME).chat(
                new ChatRequest(List.of(ChatMessage.user("What is retrieval-augmented generation?")), GenerationOptions.DEFAULTS),
                pieces::add, new Cancellation());

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(result.text());
        assertThat(result.text()).containsIgnoringCase("retriev").contains("[1]");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.completionTokens()).as("the remote's usage is taken as reported: no model ran there").isZero();
        assertThat(result.prompt()).contains("\"stream\":true");
    }

    @Test
    void aWenjinWhoseModelIsTheRemoteServerAnswersGenerativelyWithTheRemoteText() {
        try (OpenAiChatModel model = client(Assistant.EXTRACTIVE_MODEL_NAME)) {
            Assistant local = new Assistant(model, DemoKnowledge.graph(), DemoKnowledge.documents());
            List<String> streamed = new ArrayList<>();

            Answer answer = local.answer(Question.of("文心一言是哪家公司开发的？"), streamed::add, new Cancellation());

            assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATIVE);
            assertThat(answer.model()).isEqualTo(Assistant.EXTRACTIVE_MODEL_NAME);
            assertThat(String.join("", streamed)).isNotBlank();
            assertThat(answer.trace().prompt()).contains("文心一言是哪家公司开发的？");
        }
    }

    @Test
    void anUnknownRemoteModelIsReportedWithTheServersOwnMessage() {
        assertThatThrownBy(() -> client("no-such-model").chat(
                new ChatRequest(List.of(ChatMessage.user("hello")), GenerationOptions.DEFAULTS), text -> { }, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("no-such-model");
    }

    @Test
    void anUnreachableServerIsAClearError() {
        OpenAiChatModel nowhere = new OpenAiChatModel(new RemoteModelConfig("http://127.0.0.1:9/v1", "x", null));

        assertThatThrownBy(() -> nowhere.chat(new ChatRequest(List.of(ChatMessage.user("hi")), null), t -> { }, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot reach the model server at http://127.0.0.1:9/v1");
    }
}
