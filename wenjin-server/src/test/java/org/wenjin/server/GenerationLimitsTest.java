package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;

/** What happens when answers take time: capacity limits, sampling options, disconnects and shutdown. */
class GenerationLimitsTest {
    @TempDir
    Path dataDir;

    static final String MODEL = "paced-test-model";
    static final String REPLY = "Baidu developed ERNIE Bot [1]. " + "It answers in Chinese and English. ".repeat(6);

    static String completion(String extra) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Who developed ERNIE Bot?\"}]" + extra + "}";
    }

    @Test
    void samplingFieldsReachTheModelAsGenerationOptions() {
        PacedChatModel model = new PacedChatModel(MODEL, "Baidu [1].", 0);
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.generative(model))) {
            HttpResponse<String> response = server.post("/v1/chat/completions",
                    completion(",\"max_tokens\":64,\"temperature\":0.2,\"top_p\":0.5,\"seed\":42,\"stop\":[\"\\n\\n\",\"END\"]"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            GenerationOptions options = model.requests.getLast().options();
            assertThat(options).isEqualTo(new GenerationOptions(64, 0.2, 0.5, 42L, java.util.List.of("\n\n", "END")));
            assertThat(RunningServer.json(response).path("wenjin").path("mode").asText()).isEqualTo("generative");
            assertThat(RunningServer.json(response).path("model").asText()).isEqualTo(MODEL);

            server.post("/v1/chat/completions", completion(",\"max_completion_tokens\":9,\"stop\":\"###\""));
            assertThat(model.requests.getLast().options().maxTokens()).isEqualTo(9);
            assertThat(model.requests.getLast().options().stop()).containsExactly("###");

            server.post("/v1/chat/completions", completion(""));
            ChatRequest plain = model.requests.getLast();
            assertThat(plain.options()).as("no sampling fields: the defaults").isEqualTo(GenerationOptions.DEFAULTS);
        }
    }

    @Test
    void aFullQueueAnswers429AndTheAdmittedRequestsStillFinish() throws Exception {
        PacedChatModel model = new PacedChatModel(MODEL, REPLY, 40);
        ServerConfig config = RunningServer.config().withGenerationLimits(1, 1);
        try (RunningServer server = new RunningServer(dataDir, config, DemoAssistant.generative(model))) {
            HttpRequest request = server.request("/v1/chat/completions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(completion(""))).build();
            CompletableFuture<HttpResponse<String>> running = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Eventually.until(Duration.ofSeconds(10), "model.requests.size() == 1", () -> model.requests.size() == 1);
            CompletableFuture<HttpResponse<String>> queued = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Eventually.until(Duration.ofSeconds(10), "server.server.generationsInFlight() == 2", () -> server.server.generationsInFlight() == 2);

            HttpResponse<String> refused = server.send(request);
            OpenAiApiTest.assertError(refused, 429, "rate_limit_error", "over_capacity");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // The Wenjin API shares the same generation slots.
            String conversation = RunningServer.json(server.post("/api/conversations", "{}")).path("id").asText();
            OpenAiApiTest.assertError(server.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"hi\"}"),
                    429, "rate_limit_error", "over_capacity");

            assertThat(running.get().statusCode()).isEqualTo(200);
            assertThat(queued.get().statusCode()).isEqualTo(200);
            assertThat(model.finished.get()).isEqualTo(2);
            assertThat(server.post("/v1/chat/completions", completion("")).statusCode()).as("capacity is back").isEqualTo(200);
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsTheGeneration() throws Exception {
        PacedChatModel model = new PacedChatModel(MODEL, REPLY.repeat(4), 25);
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.generative(model))) {
            String body = completion(",\"stream\":true");
            try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                int contentChunks = 0;
                String line;
                while (contentChunks < 3 && (line = in.readLine()) != null) {
                    if (line.contains("\"content\":\"") && !line.contains("\"role\"")) {
                        contentChunks++;
                    }
                }
                assertThat(contentChunks).isEqualTo(3);
            }
            Eventually.until(Duration.ofSeconds(10), "model.cancelled.get() == 1", () -> model.cancelled.get() == 1);
            assertThat(model.finished.get()).isZero();
            Eventually.until(Duration.ofSeconds(5), "server.server.generationsInFlight() == 0", () -> server.server.generationsInFlight() == 0);
        }
    }

    @Test
    void closingWaitsForAnAnswerThatFinishesWithinTheGrace() throws Exception {
        PacedChatModel model = new PacedChatModel(MODEL, "Baidu developed ERNIE Bot [1]. Yes it did.", 40);
        ServerConfig config = RunningServer.config().withShutdownGrace(Duration.ofSeconds(20));
        RunningServer server = new RunningServer(dataDir, config, DemoAssistant.generative(model));
        try {
            HttpRequest request = server.request("/v1/chat/completions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(completion(",\"stream\":true"))).build();
            CompletableFuture<HttpResponse<String>> stream = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Eventually.until(Duration.ofSeconds(10), "the model starts", () -> model.requests.size() == 1);
            server.server.close();
            HttpResponse<String> response = stream.get();
            assertThat(response.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"cancelled\"");
            assertThat(model.finished.get()).isEqualTo(1);
        } finally {
            server.store.close();
        }
    }

    @Test
    void closingEndsAnAnswerStillRunningAfterTheGraceCleanly() throws Exception {
        PacedChatModel model = new PacedChatModel(MODEL, REPLY.repeat(10), 30);
        ServerConfig config = RunningServer.config().withShutdownGrace(Duration.ofMillis(300)).withGenerationLimits(2, 0);
        RunningServer server = new RunningServer(dataDir, config, DemoAssistant.generative(model));
        try {
            HttpRequest request = server.request("/v1/chat/completions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(completion(",\"stream\":true"))).build();
            CompletableFuture<HttpResponse<String>> stream = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Eventually.until(Duration.ofSeconds(10), "model.requests.size() == 1", () -> model.requests.size() == 1);
            long started = System.nanoTime();
            server.server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            HttpResponse<String> response = stream.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as("the stream ends properly").endsWith("data: [DONE]\n\n");
            java.util.List<ServerEvents.Event> events = ServerEvents.parse(response.body()).events();
            var last = RunningServer.json(events.get(events.size() - 2).data());
            assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
            assertThat(last.path("wenjin").path("cancelled").asBoolean()).isTrue();
            assertThat(model.cancelled.get()).isEqualTo(1);
            assertThat(server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .as("no new connections after close").failsWithin(Duration.ofSeconds(5));
        } finally {
            server.store.close();
        }
    }
}
