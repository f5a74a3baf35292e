package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Answer;
import org.wenjin.assistant.Question;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;
import org.wenjin.server.chat.ChatService;
import org.wenjin.server.chat.Exchange;
import org.wenjin.store.Conversation;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Feedback;
import org.wenjin.store.Rating;

/** The chat service both the server and the command line use: what it stores for each question and answer. */
class ChatServiceTest {
    @TempDir
    Path dataDir;
    ConversationStore store;

    @BeforeEach
    void open() {
        store = ConversationStore.open(dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void askingStoresTheQuestionTheAnswerAndItsTraceAndTitlesTheConversation() {
        ChatService chat = new ChatService(DemoAssistant.extractive(), store);
        Conversation conversation = store.createConversation("");
        List<String> streamed = new ArrayList<>();

        Exchange exchange = chat.ask(conversation.id(), "Who developed ERNIE Bot?", null, streamed::add, new Cancellation());

        assertThat(String.join("", streamed)).isEqualTo(exchange.result().text());
        assertThat(store.messages(conversation.id())).containsExactly(exchange.question(), exchange.answer());
        assertThat(exchange.answer().mode()).isEqualTo("extractive");
        assertThat(exchange.answer().model()).isEqualTo("wenjin-extractive");
        JsonNode citations = RunningServer.json(exchange.answer().citationsJson());
        assertThat(citations.size()).isEqualTo(exchange.result().citations().size()).isPositive();
        assertThat(citations.get(0).path("source_id").asText()).isEqualTo(exchange.result().citations().getFirst().sourceId());
        JsonNode trace = RunningServer.json(store.trace(exchange.answer().traceId()).orElseThrow());
        assertThat(trace.path("id").asText()).isEqualTo(exchange.result().trace().id());
        assertThat(trace.path("created_at").asText()).isEqualTo(exchange.result().trace().createdAt().toString());
        assertThat(store.conversation(conversation.id()).orElseThrow().title()).isEqualTo("Who developed ERNIE Bot?");
    }

    @Test
    void theConversationSoFarIsTheHistoryOfTheNextQuestion() {
        PacedChatModel model = new PacedChatModel("history-model", "Baidu [1].", 0);
        ChatService chat = new ChatService(DemoAssistant.generative(model), store);
        Conversation conversation = store.createConversation("kept title");
        chat.ask(conversation.id(), "Who developed ERNIE Bot?", null, text -> { }, new Cancellation());
        chat.ask(conversation.id(), "When was it released?", null, text -> { }, new Cancellation());

        List<ChatMessage> seen = model.requests.getLast().messages();
        assertThat(seen).anySatisfy(m -> assertThat(m).isEqualTo(new ChatMessage(Role.USER, "Who developed ERNIE Bot?")));
        assertThat(seen).anySatisfy(m -> assertThat(m.role()).isEqualTo(Role.ASSISTANT));
        assertThat(seen.getLast().content()).as("the follow-up reaches the model made standalone")
                .isEqualTo("When was ERNIE Bot released?");
        assertThat(store.conversation(conversation.id()).orElseThrow().title()).as("a given title is kept").isEqualTo("kept title");
        assertThat(store.messages(conversation.id())).hasSize(4);
    }

    @Test
    void answeringOutsideAConversationKeepsATraceToLookUp() {
        ChatService chat = new ChatService(DemoAssistant.extractive(), store);
        Answer answer = chat.answer(Question.of("什么是检索增强生成？"), text -> { }, new Cancellation());
        assertThat(chat.trace(answer.trace().id())).hasValueSatisfying(json ->
                assertThat(RunningServer.json(json).path("question").asText()).isEqualTo("什么是检索增强生成？"));
        assertThat(store.conversations()).isEmpty();
    }

    @Test
    void feedbackKeepsTheFullPromptTheModelSaw() {
        PacedChatModel model = new PacedChatModel("prompt-model", "Baidu [1].", 0);
        ChatService chat = new ChatService(DemoAssistant.generative(model), store);
        Conversation conversation = store.createConversation("");
        Exchange exchange = chat.ask(conversation.id(), "Who developed ERNIE Bot?", null, text -> { }, new Cancellation());

        Feedback feedback = chat.feedback(exchange.answer().id(), Rating.DOWN, "  ", "Baidu developed it [1].");

        assertThat(feedback.prompt()).isEqualTo(exchange.result().trace().prompt()).contains("Who developed ERNIE Bot?");
        assertThat(feedback.model()).isEqualTo("prompt-model");
        assertThat(feedback.comment()).as("a blank comment is no comment").isNull();
        assertThat(store.feedback(exchange.answer().id())).containsExactly(feedback);
    }

    @Test
    void refusesAskingInAMissingConversationAndFeedbackOnQuestions() {
        ChatService chat = new ChatService(DemoAssistant.extractive(), store);
        assertThatThrownBy(() -> chat.ask("nope", "hi", null, text -> { }, new Cancellation()))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope");
        Conversation conversation = store.createConversation("");
        Exchange exchange = chat.ask(conversation.id(), "Who developed ERNIE Bot?", null, text -> { }, new Cancellation());
        assertThatThrownBy(() -> chat.feedback(exchange.question().id(), Rating.UP, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a user message");
        assertThatThrownBy(() -> chat.ask(conversation.id(), " ", null, text -> { }, new Cancellation()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.messages(conversation.id())).hasSize(2);
    }
}
