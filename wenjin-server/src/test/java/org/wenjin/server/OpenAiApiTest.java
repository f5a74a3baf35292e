package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible API over real HTTP, answering extractively from the demo knowledge. */
class OpenAiApiTest {
    @TempDir
    static Path dataDir;
    static RunningServer server;
    static final String QUESTION = "Who developed ERNIE Bot?";

    @BeforeAll
    static void start() {
        server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String completion(String extra) {
        return "{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]" + extra + "}";
    }

    @Test
    void listsTheServedModel() {
        HttpResponse<String> response = server.get("/v1/models");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = RunningServer.json(response);
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data")).hasSize(1);
        assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("wenjin-extractive");
        assertThat(body.path("data").get(0).path("object").asText()).isEqualTo("model");

        assertThat(RunningServer.json(server.get("/v1/models/wenjin-extractive")).path("id").asText())
                .isEqualTo("wenjin-extractive");
        assertThat(server.get("/v1/models/gpt-4o").statusCode()).isEqualTo(404);
    }

    @Test
    void answersACompletionWithCitationsAndARetrievableTrace() {
        HttpResponse<String> response = server.post("/v1/chat/completions", completion(""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = RunningServer.json(response);
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("wenjin-extractive");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).contains("Baidu").contains("[1]");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");

        JsonNode wenjin = body.path("wenjin");
        assertThat(wenjin.path("mode").asText()).isEqualTo("extractive");
        assertThat(wenjin.path("citations").size()).isPositive();
        assertThat(wenjin.path("citations").get(0).path("number").asInt()).isEqualTo(1);
        assertThat(wenjin.path("citations").get(0).path("text").asText()).isNotBlank();

        HttpResponse<String> trace = server.get("/api/traces/" + wenjin.path("trace_id").asText());
        assertThat(trace.statusCode()).isEqualTo(200);
        assertThat(RunningServer.json(trace).path("question").asText()).isEqualTo(QUESTION);
    }

    @Test
    void streamsChunksInOpenAisFormatEndingWithDone() {
        HttpResponse<String> response = server.post("/v1/chat/completions", completion(",\"stream\":true"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");

        List<ServerEvents.Event> events = ServerEvents.parse(response.body()).events();
        assertThat(events).allSatisfy(e -> assertThat(e.name()).isEqualTo("message"));
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(e -> RunningServer.json(e.data())).toList();
        assertThat(chunks.size()).isGreaterThanOrEqualTo(3);
        String id = chunks.getFirst().path("id").asText();
        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("id").asText()).isEqualTo(id);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("created").asLong()).isPositive();
            assertThat(chunk.path("model").asText()).isEqualTo("wenjin-extractive");
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("index").asInt()).isZero();
            assertThat(choice.has("finish_reason")).isTrue();
            content.append(choice.path("delta").path("content").asText(""));
        }
        JsonNode first = chunks.getFirst().path("choices").get(0);
        assertThat(first.path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(first.path("finish_reason").isNull()).isTrue();
        JsonNode last = chunks.getLast();
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.path("choices").get(0).path("delta").size()).isZero();
        assertThat(last.path("wenjin").path("trace_id").asText()).isNotBlank();
        assertThat(last.path("wenjin").path("citations").size()).isPositive();
        assertThat(content.toString()).contains("Baidu");
    }

    @Test
    void acceptsHistoryAndContentParts() {
        String body = "{\"model\":\"wenjin-extractive\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"},"
                + "{\"role\":\"assistant\",\"content\":null},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + QUESTION + "\"}]}],"
                + "\"user\":\"someone\",\"n\":1}";
        HttpResponse<String> response = server.post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String traceId = RunningServer.json(response).path("wenjin").path("trace_id").asText();
        assertThat(RunningServer.json(server.get("/api/traces/" + traceId)).path("question").asText()).isEqualTo(QUESTION);
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        HttpResponse<String> response = server.post("/v1/chat/completions", "{\"model\": \"wenjin-extractive\",\n  \"messages\": [}");
        assertError(response, 400, "invalid_request_error", "invalid_json");
        assertThat(message(response)).contains("line 2, column");
        assertError(server.post("/v1/chat/completions", ""), 400, "invalid_request_error", "invalid_json");
        assertError(server.post("/v1/chat/completions", "[1,2]"), 400, "invalid_request_error", "invalid_json");
    }

    @Test
    void badFieldsAre400NamingTheField() {
        assertBadField("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model");
        assertBadField("{\"model\":\"wenjin-extractive\"}", "messages");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[]}", "messages");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":\"hi\"}", "messages");
        assertBadField("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"}]}", "messages[1].role");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}", "messages[0].content[0].type");
        assertBadField("{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages[0].role");
        assertBadField(completion(",\"max_tokens\":0"), "max_tokens");
        assertBadField(completion(",\"max_tokens\":\"many\""), "max_tokens");
        assertBadField(completion(",\"temperature\":3.5"), "temperature");
        assertBadField(completion(",\"top_p\":0"), "top_p");
        assertBadField(completion(",\"seed\":1.5"), "seed");
        assertBadField(completion(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), "stop");
        assertBadField(completion(",\"stop\":[\"a\",7]"), "stop[1]");
        assertBadField(completion(",\"stream\":\"yes\""), "stream");
        assertBadField(completion(",\"n\":2"), "n");
    }

    @Test
    void anUnknownModelIs404() {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertError(response, 404, "invalid_request_error", "model_not_found");
        assertThat(message(response)).contains("gpt-4o").contains("wenjin-extractive");
    }

    @Test
    void anUnknownEndpointIs404InTheSameShape() {
        assertError(server.get("/v1/embeddings"), 404, "invalid_request_error", "not_found");
    }

    static void assertBadField(String body, String field) {
        HttpResponse<String> response = server.post("/v1/chat/completions", body);
        assertError(response, 400, "invalid_request_error", "invalid_value");
        assertThat(RunningServer.json(response).path("error").path("param").asText()).as(body).isEqualTo(field);
        assertThat(message(response)).as(body).contains(field);
    }

    static void assertError(HttpResponse<String> response, int status, String type, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = RunningServer.json(response).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    static String message(HttpResponse<String> response) {
        return RunningServer.json(response).path("error").path("message").asText();
    }
}
