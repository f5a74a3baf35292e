package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wenjin.server.OpenAiApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the model fails or cannot take the question, the client hears why, and what was accepted stays. */
class ModelFailureTest {
    @TempDir
    Path dataDir;

    static final String MODEL = "failing-model";

    static String completion(String question, String extra) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]" + extra + "}";
    }

    @Test
    void aFailingModelIs502OrAnErrorEventAndTheQuestionStaysStored() {
        PacedChatModel model = PacedChatModel.failingAfter(MODEL, "Baidu developed ");
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.generative(model))) {
            HttpResponse<String> whole = server.post("/v1/chat/completions", completion("Who developed ERNIE Bot?", ""));
            assertError(whole, 502, "server_error", "model_error");
            assertThat(OpenAiApiTest.message(whole)).contains("connection to the model server was reset");

            HttpResponse<String> streamed = server.post("/v1/chat/completions", completion("Who developed ERNIE Bot?", ",\"stream\":true"));
            assertThat(streamed.statusCode()).isEqualTo(200);
            List<ServerEvents.Event> events = ServerEvents.parse(streamed.body()).events();
            assertThat(events.getLast().data()).isEqualTo("[DONE]");
            JsonNode error = RunningServer.json(events.get(events.size() - 2).data()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("model_error");

            String conversation = RunningServer.json(server.post("/api/conversations", "{}")).path("id").asText();
            HttpResponse<String> asked = server.post("/api/conversations/" + conversation + "/messages",
                    "{\"content\":\"Who developed ERNIE Bot?\"}");
            ServerEvents answer = ServerEvents.parse(asked.body());
            assertThat(answer.named("delta")).isNotEmpty();
            assertThat(answer.events().getLast().name()).isEqualTo("error");
            assertThat(RunningServer.json(answer.events().getLast().data()).path("error").path("message").asText())
                    .contains("connection to the model server was reset");
            assertThat(server.store.messages(conversation)).singleElement()
                    .satisfies(m -> assertThat(m.content()).isEqualTo("Who developed ERNIE Bot?"));
        }
    }

    @Test
    void aQuestionTooLongForTheContextIs400NotAServerError() {
        PacedChatModel model = new PacedChatModel(MODEL, "unused", 0);
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.generative(model))) {
            String question = "why ".repeat(9000);
            HttpResponse<String> response = server.post("/v1/chat/completions", completion(question, ""));
            assertError(response, 400, "invalid_request_error", "invalid_value");
            assertThat(OpenAiApiTest.message(response)).contains("tokens");
            assertThat(model.requests).isEmpty();
        }
    }
}
