package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.speech.WaveAudio;

/** {@code POST /v1/audio/speech}: OpenAI's text-to-speech request answered with WAV from espeak-ng. */
class SpeechApiTest {
    @TempDir
    Path dataDir;

    @Test
    void readsTheInputAloudAsWav() throws Exception {
        assumeTrue(installed(), "espeak-ng is not installed");
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            HttpResponse<byte[]> response = server.http.send(server.request("/v1/audio/speech")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\": \"tts-1\", \"input\": \"欢迎参加智能交通大会。Welcome!\", \"voice\": \"alloy\"}"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("audio/wav"));
            WaveAudio audio = WaveAudio.parse(response.body(), "response");
            assertThat(audio.sampleRate()).isEqualTo(22050);
            assertThat(audio.duration().toMillis()).isGreaterThan(1000);

            HttpResponse<byte[]> faster = server.http.send(server.request("/v1/audio/speech")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"input\": \"欢迎参加智能交通大会。Welcome!\", \"speed\": 2.0}"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(WaveAudio.parse(faster.body(), "faster").duration()).isLessThan(audio.duration());
        }
    }

    @Test
    void namesTheFieldItCannotUse() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            HttpResponse<String> mp3 = server.post("/v1/audio/speech", "{\"input\": \"你好\", \"response_format\": \"mp3\"}");
            assertThat(mp3.statusCode()).isEqualTo(400);
            JsonNode error = RunningServer.json(mp3).path("error");
            assertThat(error.path("param").asText()).isEqualTo("response_format");
            assertThat(error.path("message").asText()).contains("use wav");

            HttpResponse<String> missing = server.post("/v1/audio/speech", "{\"voice\": \"zh\"}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(RunningServer.json(missing).path("error").path("message").asText()).contains("input");
        }
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("espeak-ng", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
