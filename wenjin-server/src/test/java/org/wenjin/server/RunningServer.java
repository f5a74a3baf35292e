package org.wenjin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.wenjin.assistant.Assistant;
import org.wenjin.store.ConversationStore;

/** A Wenjin server on a free loopback port with a fresh store, and an HTTP client to talk to it. */
final class RunningServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final WenjinServer server;
    final ConversationStore store;
    final Assistant assistant;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String apiKey;

    RunningServer(Path dataDir, ServerConfig config, Assistant assistant) {
        this.store = ConversationStore.open(dataDir);
        this.assistant = assistant;
        this.server = WenjinServer.start(config.withPort(0), assistant, store);
    }

    RunningServer(Path dataDir, ServerConfig config, Assistant assistant, MediaConfig media) {
        this.store = ConversationStore.open(dataDir);
        this.assistant = assistant;
        this.server = WenjinServer.start(config.withPort(0), assistant, store, media);
    }

    static ServerConfig config() {
        return ServerConfig.defaults().withPort(0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
