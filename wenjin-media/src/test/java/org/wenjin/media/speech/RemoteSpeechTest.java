package org.wenjin.media.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wenjin.media.MediaException;

/**
 * Speech from an OpenAI-compatible server, here a small HTTP server on this machine that answers
 * {@code POST /v1/audio/speech} with espeak-ng's WAV for the input, or with the errors real servers give.
 */
class RemoteSpeechTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void asksTheServerSentenceBySentenceAndJoinsTheWav() {
        EspeakNgTest.espeakInstalled();
        EspeakNg espeak = new EspeakNg();
        String base = serve(exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            keys.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "audio/wav", espeak.synthesize(request.path("input").asText()).toWav());
        });
        RemoteSpeech remote = new RemoteSpeech(base, "secret", "tts-1", "alloy", Duration.ofSeconds(30));
        assertThat(remote.endpoint().toString()).isEqualTo(base + "/v1/audio/speech");

        List<WaveAudio> pieces = new ArrayList<>();
        remote.stream("欢迎参加大会。Welcome to Beijing! 再见！", pieces::add);

        assertThat(requests).extracting(r -> r.path("input").asText())
                .containsExactly("欢迎参加大会。", "Welcome to Beijing!", "再见！");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.path("model").asText()).isEqualTo("tts-1");
            assertThat(r.path("voice").asText()).isEqualTo("alloy");
            assertThat(r.path("response_format").asText()).isEqualTo("wav");
        });
        assertThat(keys).containsOnly("Bearer secret");
        assertThat(pieces).hasSize(3).allSatisfy(piece -> {
            assertThat(piece.sampleRate()).isEqualTo(22050);
            assertThat(piece.duration()).isGreaterThan(Duration.ofMillis(300));
        });
        WaveAudio whole = new RemoteSpeech(base + "/v1/", null, null, null, Duration.ofSeconds(30))
                .synthesize("欢迎参加大会。Welcome to Beijing! 再见！");
        assertThat(whole.frames()).isEqualTo(pieces.stream().mapToLong(WaveAudio::frames).sum());
        assertThat(keys.getLast()).as("no key configured, none sent").isNull();
    }

    @Test
    void aFailingServerIsNamedWithItsStatusAndMessage() {
        String base = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 503, "application/json",
                    "{\"error\": {\"message\": \"the voice model is still loading\", \"type\": \"server_error\"}}"
                            .getBytes(StandardCharsets.UTF_8));
        });
        assertThatThrownBy(() -> new RemoteSpeech(base, null, "tts-1", "alloy", Duration.ofSeconds(10)).synthesize("你好。"))
                .isInstanceOf(MediaException.class)
                .hasMessage("the speech server at " + base + "/v1/audio/speech answered HTTP 503: the voice model is still loading");
    }

    @Test
    void aWrongKeyOrPathSaysWhichSettingToCheck() {
        String base = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean authorized = "Bearer right".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, authorized ? 404 : 401, "text/plain",
                    (authorized ? "no such path" : "bad key").getBytes(StandardCharsets.UTF_8));
        });
        assertThatThrownBy(() -> new RemoteSpeech(base, "wrong", null, null, Duration.ofSeconds(10)).synthesize("你好。"))
                .hasMessageContaining("HTTP 401: bad key").hasMessageEndingWith("check speech-api-key");
        assertThatThrownBy(() -> new RemoteSpeech(base, "right", null, null, Duration.ofSeconds(10)).synthesize("你好。"))
                .hasMessageContaining("HTTP 404: no such path").hasMessageEndingWith("check speech-base-url");
    }

    @Test
    void anAnswerThatIsNotWavIsReportedAsSuch() {
        String base = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, "audio/mpeg", "ID3 not a wave file".getBytes(StandardCharsets.UTF_8));
        });
        assertThatThrownBy(() -> new RemoteSpeech(base, null, null, null, Duration.ofSeconds(10)).synthesize("你好。"))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("the answer of the speech server at " + base + "/v1/audio/speech")
                .hasMessageContaining("not a RIFF/WAVE file");
    }

    @Test
    void anUnreachableServerIsNamedWithItsUrl() throws IOException {
        String base = serve(exchange -> answer(exchange, 200, "text/plain", new byte[0]));
        server.stop(0);
        server = null;
        assertThatThrownBy(() -> new RemoteSpeech(base, null, null, null, Duration.ofSeconds(10)).synthesize("你好。"))
                .isInstanceOf(MediaException.class)
                .hasMessageStartingWith("cannot reach the speech server at " + base + "/v1/audio/speech (")
                .hasMessageContaining("speech-base-url");
    }

    @Test
    void refusesABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new RemoteSpeech("ftp://example.org", null, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(MediaException.class).hasMessageContaining("not an http:// or https:// URL");
        assertThatThrownBy(() -> new RemoteSpeech(" ", null, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(MediaException.class).hasMessageContaining("speech-base-url is empty");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Starts the server on a free loopback port; returns its root URL. */
    private String serve(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/audio/speech", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
