package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wenjin.server.OpenAiApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.store.Feedback;
import org.wenjin.store.Rating;

/** Wenjin's own API over real HTTP: conversations, streamed answers, feedback, traces, health. */
class WenjinApiTest {
    @TempDir
    static Path dataDir;
    static RunningServer server;

    @BeforeAll
    static void start() {
        server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String createConversation(String body) {
        HttpResponse<String> created = server.post("/api/conversations", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return RunningServer.json(created).path("id").asText();
    }

    @Test
    void healthNamesTheModelAndMode() {
        JsonNode health = RunningServer.json(server.get("/api/health"));
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("model").asText()).isEqualTo("wenjin-extractive");
        assertThat(health.path("mode").asText()).isEqualTo("extractive");
        assertThat(health.path("auth_required").asBoolean()).isFalse();
    }

    @Test
    void createsRenamesListsAndDeletesConversations() {
        HttpResponse<String> created = server.post("/api/conversations", "{\"title\":\"Rivers 河流\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode conversation = RunningServer.json(created);
        String id = conversation.path("id").asText();
        assertThat(conversation.path("title").asText()).isEqualTo("Rivers 河流");
        assertThat(conversation.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        String untitled = createConversation("");
        assertThat(RunningServer.json(server.get("/api/conversations/" + untitled)).path("conversation").path("title").asText()).isEmpty();

        HttpResponse<String> renamed = server.patch("/api/conversations/" + id, "{\"title\":\"Mountains\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(RunningServer.json(renamed).path("title").asText()).isEqualTo("Mountains");

        List<String> listed = RunningServer.json(server.get("/api/conversations")).path("conversations")
                .findValuesAsText("id");
        assertThat(listed.indexOf(id)).as("the renamed one is the most recent").isLessThan(listed.indexOf(untitled));

        assertThat(server.delete("/api/conversations/" + id).statusCode()).isEqualTo(204);
        assertThat(RunningServer.json(server.get("/api/conversations")).path("conversations").findValuesAsText("id"))
                .doesNotContain(id).contains(untitled);
        assertError(server.get("/api/conversations/" + id), 404, "invalid_request_error", "not_found");
        assertError(server.delete("/api/conversations/" + id), 404, "invalid_request_error", "not_found");
        assertError(server.patch("/api/conversations/" + id, "{\"title\":\"x\"}"), 404, "invalid_request_error", "not_found");
        assertError(server.get("/api/conversations/" + id + "/messages"), 404, "invalid_request_error", "not_found");
    }

    @Test
    void badConversationRequestsAre400() {
        String id = createConversation("{}");
        assertError(server.patch("/api/conversations/" + id, "{}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.patch("/api/conversations/" + id, "{\"title\":5}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.patch("/api/conversations/" + id, "{\"title\":\"" + "x".repeat(501) + "\"}"),
                400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/conversations", "{\"title\":"), 400, "invalid_request_error", "invalid_json");
    }

    @Test
    void aQuestionAskingForAPosterHasThePosterStepInItsDoneEvent() {
        String id = createConversation("{}");
        HttpResponse<String> response = server.post("/api/conversations/" + id + "/messages",
                "{\"content\":\"Who developed ERNIE Bot? Make a poster of it.\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode done = RunningServer.json(ServerEvents.parse(response.body()).events().getLast().data());
        assertThat(done.path("media")).extracting(JsonNode::asText).containsExactly("poster");
    }

    @Test
    void askingStreamsDeltasThenADoneEventAndStoresBothMessages() {
        String id = createConversation("{}");
        HttpResponse<String> response = server.post("/api/conversations/" + id + "/messages",
                "{\"content\":\"Who developed ERNIE Bot?\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

        ServerEvents events = ServerEvents.parse(response.body());
        List<ServerEvents.Event> deltas = events.named("delta");
        assertThat(deltas).isNotEmpty();
        assertThat(events.events().getLast().name()).isEqualTo("done");
        String streamed = String.join("", deltas.stream().map(d -> RunningServer.json(d.data()).path("text").asText()).toList());
        JsonNode done = RunningServer.json(events.events().getLast().data());
        assertThat(streamed).isEqualTo(done.path("content").asText()).contains("Baidu");
        assertThat(done.path("mode").asText()).isEqualTo("extractive");
        assertThat(done.path("model").asText()).isEqualTo("wenjin-extractive");
        assertThat(done.path("citations").size()).isPositive();
        assertThat(done.path("cancelled").asBoolean()).isFalse();
        assertThat(done.path("media").isArray()).isTrue();
        assertThat(done.path("media")).as("nothing asked for media").isEmpty();

        JsonNode stored = RunningServer.json(server.get("/api/conversations/" + id));
        assertThat(stored.path("conversation").path("title").asText()).as("the first question names the conversation")
                .isEqualTo("Who developed ERNIE Bot?");
        JsonNode messages = stored.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("id").asText()).isEqualTo(done.path("user_message_id").asText());
        JsonNode answer = messages.get(1);
        assertThat(answer.path("id").asText()).isEqualTo(done.path("message_id").asText());
        assertThat(answer.path("content").asText()).isEqualTo(done.path("content").asText());
        assertThat(answer.path("trace_id").asText()).isEqualTo(done.path("trace_id").asText());
        assertThat(answer.path("citations")).isEqualTo(done.path("citations"));
        assertThat(RunningServer.json(server.get("/api/conversations/" + id + "/messages")).path("messages")).isEqualTo(messages);

        JsonNode trace = RunningServer.json(server.get("/api/traces/" + done.path("trace_id").asText()));
        assertThat(trace.path("question").asText()).isEqualTo("Who developed ERNIE Bot?");
        assertThat(trace.path("plan").size()).isPositive();
        assertThat(trace.path("timings_millis").size()).isPositive();
        assertThat(trace.path("mode").asText()).isEqualTo("extractive");
    }

    @Test
    void theNextQuestionCarriesTheConversationAsHistory() {
        String id = createConversation("{\"title\":\"history\"}");
        server.post("/api/conversations/" + id + "/messages", "{\"content\":\"Who developed ERNIE Bot?\",\"stream\":false}");
        HttpResponse<String> second = server.post("/api/conversations/" + id + "/messages",
                "{\"content\":\"What is retrieval-augmented generation?\",\"stream\":false}");
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode done = RunningServer.json(second);
        assertThat(done.path("message_id").asText()).isNotBlank();
        assertThat(RunningServer.json(server.get("/api/conversations/" + id)).path("messages")).hasSize(4);
    }

    @Test
    void badMessagesAre400And404() {
        String id = createConversation("{}");
        assertError(server.post("/api/conversations/" + id + "/messages", "{}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/conversations/" + id + "/messages", "{\"content\":\"  \"}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/conversations/" + id + "/messages", "{\"content\":\"hi\",\"temperature\":-1}"),
                400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/conversations/" + id + "/messages", "{\"content\": hi}"), 400, "invalid_request_error", "invalid_json");
        assertError(server.post("/api/conversations/nope/messages", "{\"content\":\"hi\"}"), 404, "invalid_request_error", "not_found");
        assertThat(RunningServer.json(server.get("/api/conversations/" + id)).path("messages")).as("nothing was stored").isEmpty();
    }

    @Test
    void feedbackIsStoredWithThePromptAndModelOfTheAnswer() {
        String id = createConversation("{}");
        JsonNode done = RunningServer.json(server.post("/api/conversations/" + id + "/messages",
                "{\"content\":\"Who developed ERNIE Bot?\",\"stream\":false}"));
        String messageId = done.path("message_id").asText();

        HttpResponse<String> up = server.post("/api/messages/" + messageId + "/feedback", "{\"rating\":\"up\",\"comment\":\"clear\"}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonNode saved = RunningServer.json(up);
        assertThat(saved.path("rating").asText()).isEqualTo("up");
        assertThat(saved.path("comment").asText()).isEqualTo("clear");
        assertThat(saved.path("model").asText()).isEqualTo("wenjin-extractive");
        assertThat(saved.path("prompt").asText()).as("extractive mode keeps the question as understood").contains("ERNIE Bot");

        HttpResponse<String> better = server.post("/api/messages/" + messageId + "/feedback",
                "{\"rating\":null,\"better_answer\":\"ERNIE Bot (文心一言) was developed by Baidu.\"}");
        assertThat(better.statusCode()).isEqualTo(201);

        List<Feedback> stored = server.store.feedback(messageId);
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).rating()).isEqualTo(Rating.UP);
        assertThat(stored.get(1).rating()).isNull();
        assertThat(stored.get(1).betterAnswer()).isEqualTo("ERNIE Bot (文心一言) was developed by Baidu.");
        assertThat(RunningServer.json(server.get("/api/messages/" + messageId + "/feedback")).path("feedback")).hasSize(2);
    }

    @Test
    void badFeedbackIs400And404() {
        String id = createConversation("{}");
        JsonNode done = RunningServer.json(server.post("/api/conversations/" + id + "/messages",
                "{\"content\":\"Who developed ERNIE Bot?\",\"stream\":false}"));
        String answer = done.path("message_id").asText();
        String question = done.path("user_message_id").asText();
        assertError(server.post("/api/messages/" + answer + "/feedback", "{\"rating\":\"meh\"}"), 400, "invalid_request_error", "invalid_value");
        assertThat(RunningServer.json(server.post("/api/messages/" + answer + "/feedback", "{\"rating\":\"meh\"}"))
                .path("error").path("param").asText()).isEqualTo("rating");
        assertError(server.post("/api/messages/" + answer + "/feedback", "{}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/messages/" + answer + "/feedback", "{\"comment\":7}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/messages/" + question + "/feedback", "{\"rating\":\"up\"}"), 400, "invalid_request_error", "invalid_value");
        assertError(server.post("/api/messages/ghost/feedback", "{\"rating\":\"up\"}"), 404, "invalid_request_error", "not_found");
        assertError(server.get("/api/messages/ghost/feedback"), 404, "invalid_request_error", "not_found");
        assertThat(server.store.feedback(answer)).isEmpty();
    }

    @Test
    void anUnknownTraceIs404() {
        assertError(server.get("/api/traces/no-such-trace"), 404, "invalid_request_error", "not_found");
    }

    @Test
    void servesTheChatPageWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = server.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Wenjin 问津</title>").contains("/app.js").doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
        for (String asset : List.of("/app.js", "/app.css", "/markdown.js")) {
            HttpResponse<String> file = server.get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.body()).as(asset + " loads nothing from other hosts").doesNotContain("cdn", "googleapis");
        }
        assertThat(server.get("/app.js").body()).doesNotContain("innerHTML", "insertAdjacentHTML", "outerHTML", "eval(");
        assertThat(server.get("/markdown.js").body()).doesNotContain(".innerHTML", "insertAdjacentHTML", "eval(");
    }
}
