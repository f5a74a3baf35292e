package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wenjin.server.OpenAiApiTest.assertError;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.store.ConversationStore;

/** Who may use the server and how much they may send. */
class AccessTest {
    @TempDir
    Path dataDir;

    @Test
    void withKeysEveryApiPathButHealthNeedsABearerKey() {
        ServerConfig config = RunningServer.config().withApiKeys(Set.of("k-123", "k-456"));
        try (RunningServer server = new RunningServer(dataDir, config, DemoAssistant.extractive())) {
            assertError(server.get("/v1/models"), 401, "invalid_request_error", "invalid_api_key");
            assertError(server.get("/api/conversations"), 401, "invalid_request_error", "invalid_api_key");
            assertError(server.post("/v1/chat/completions", "{not even json"), 401, "invalid_request_error", "invalid_api_key");
            assertThat(server.get("/v1/models").headers().firstValue("WWW-Authenticate")).contains("Bearer");

            server.apiKey = "wrong";
            assertError(server.get("/api/conversations"), 401, "invalid_request_error", "invalid_api_key");
            assertThat(OpenAiApiTest.message(server.get("/api/conversations"))).contains("not valid");
            HttpResponse<String> basic = server.send(server.request("/api/conversations").header("Authorization", "Basic azEyMw==").GET().build());
            assertError(basic, 401, "invalid_request_error", "invalid_api_key");

            server.apiKey = "k-456";
            assertThat(server.get("/v1/models").statusCode()).isEqualTo(200);
            assertThat(server.get("/api/conversations").statusCode()).isEqualTo(200);

            server.apiKey = null;
            assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
            assertThat(RunningServer.json(server.get("/api/health")).path("auth_required").asBoolean()).isTrue();
            assertThat(server.get("/").statusCode()).as("the page itself is public; its API calls carry the key").isEqualTo(200);
            assertThat(server.get("/openapi.json").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        ServerConfig config = RunningServer.config().withMaxBodyBytes(4096);
        try (RunningServer server = new RunningServer(dataDir, config, DemoAssistant.extractive())) {
            String question = "x".repeat(5000);
            String body = "{\"model\":\"wenjin-extractive\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
            HttpResponse<String> response = server.post("/v1/chat/completions", body);
            assertError(response, 413, "invalid_request_error", "request_too_large");
            assertThat(OpenAiApiTest.message(response)).contains("4096");
            String conversation = RunningServer.json(server.post("/api/conversations", "{}")).path("id").asText();
            assertError(server.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"" + question + "\"}"),
                    413, "invalid_request_error", "request_too_large");
            assertThat(server.store.messages(conversation)).isEmpty();
        }
    }

    @Test
    void refusesToListenBeyondThisMachineWithoutKeys() {
        try (ConversationStore store = ConversationStore.open(dataDir)) {
            ServerConfig open = ServerConfig.defaults().withHost("0.0.0.0").withPort(0);
            assertThatThrownBy(() -> WenjinServer.start(open, DemoAssistant.extractive(), store))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refusing to listen on 0.0.0.0 without an API key");

            try (WenjinServer server = WenjinServer.start(open.withApiKeys(Set.of("secret")), DemoAssistant.extractive(), store)) {
                assertThat(server.port()).isPositive();
            }
        }
    }

    @Test
    void loopbackNamesAreRecognised() {
        assertThat(ServerConfig.defaults().isLoopback()).isTrue();
        assertThat(ServerConfig.defaults().withHost("localhost").isLoopback()).isTrue();
        assertThat(ServerConfig.defaults().withHost("::1").isLoopback()).isTrue();
        assertThat(ServerConfig.defaults().withHost("127.0.0.2").isLoopback()).isTrue();
        assertThat(ServerConfig.defaults().withHost("0.0.0.0").isLoopback()).isFalse();
        assertThat(ServerConfig.defaults().withHost("192.0.2.1").isLoopback()).isFalse();
    }

    @Test
    void configurationIsChecked() {
        assertThatThrownBy(() -> ServerConfig.defaults().withPort(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.defaults().withApiKeys(Set.of("has space"))).hasMessageContaining("API key");
        assertThatThrownBy(() -> ServerConfig.defaults().withGenerationLimits(0, 1)).hasMessageContaining("maxConcurrentGenerations");
        assertThatThrownBy(() -> ServerConfig.defaults().withGenerationLimits(1, -1)).hasMessageContaining("maxQueuedGenerations");
        assertThatThrownBy(() -> ServerConfig.defaults().withMaxBodyBytes(10)).hasMessageContaining("maxBodyBytes");
    }
}
