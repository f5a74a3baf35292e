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
import org.wenjin.media.speech.RemoteSpeech;
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
    void encodesMp3AndOpusWithFfmpeg(@TempDir Path downloads) throws Exception {
        MediaPrograms.require("espeak-ng", "ffmpeg", "ffprobe");
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            for (String format : java.util.List.of("mp3", "opus")) {
                Path file = downloads.resolve("speech." + format);
                HttpResponse<Path> response = server.http.send(server.request("/v1/audio/speech")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"欢迎参加大会。Welcome!\", \"response_format\": \""
                                + format + "\"}")).build(), HttpResponse.BodyHandlers.ofFile(file));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue(format.equals("mp3") ? "audio/mpeg" : "audio/ogg");
                JsonNode probe = RunningServer.json(org.wenjin.media.Ffmpeg.run(java.util.List.of("ffprobe", "-v", "error",
                        "-show_entries", "stream=codec_name:format=duration", "-of", "json", file.toString())));
                assertThat(probe.path("streams").findValuesAsText("codec_name")).containsExactly(format);
                assertThat(probe.path("format").path("duration").asDouble()).isGreaterThan(1.0);
            }
        }
    }

    @Test
    void namesTheFieldItCannotUse() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            HttpResponse<String> flac = server.post("/v1/audio/speech", "{\"input\": \"你好\", \"response_format\": \"flac\"}");
            assertThat(flac.statusCode()).isEqualTo(400);
            JsonNode error = RunningServer.json(flac).path("error");
            assertThat(error.path("param").asText()).isEqualTo("response_format");
            assertThat(error.path("message").asText()).contains("use wav, mp3 or opus");

            HttpResponse<String> missing = server.post("/v1/audio/speech", "{\"voice\": \"zh\"}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(RunningServer.json(missing).path("error").path("message").asText()).contains("input");
        }
    }

    @Test
    void aServerConfiguredWithASpeechServerReadsAloudThroughIt(@TempDir Path mediaDir) throws Exception {
        MediaPrograms.require("espeak-ng");
        try (RunningServer speaker = new RunningServer(dataDir.resolve("speaker"),
                RunningServer.config().withApiKeys(java.util.Set.of("speech-key")), DemoAssistant.extractive())) {
            String base = "http://127.0.0.1:" + speaker.server.port();
            RemoteSpeech remote = new RemoteSpeech(base, "speech-key", "tts-1", "zh", java.time.Duration.ofSeconds(30));
            try (RunningServer server = new RunningServer(dataDir.resolve("main"), RunningServer.config(),
                    DemoAssistant.extractive(), MediaConfig.in(mediaDir).withRemoteSpeech(remote))) {
                HttpResponse<byte[]> response = server.http.send(server.request("/v1/audio/speech")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"欢迎参加智能交通大会。Welcome!\"}"))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                WaveAudio audio = WaveAudio.parse(response.body(), "response");
                assertThat(audio.sampleRate()).isEqualTo(22050);
                assertThat(audio.duration().toMillis()).isGreaterThan(1000);
            }

            RemoteSpeech wrongKey = new RemoteSpeech(base, "not-the-key", null, null, java.time.Duration.ofSeconds(30));
            try (RunningServer server = new RunningServer(dataDir.resolve("wrong"), RunningServer.config(),
                    DemoAssistant.extractive(), MediaConfig.in(mediaDir).withRemoteSpeech(wrongKey))) {
                HttpResponse<String> refused = server.post("/v1/audio/speech", "{\"input\": \"你好。\"}");
                assertThat(refused.statusCode()).isEqualTo(502);
                assertThat(RunningServer.json(refused).path("error").path("message").asText())
                        .contains("the speech server at " + base + "/v1/audio/speech answered HTTP 401")
                        .endsWith("check speech-api-key");
            }
        }
    }

    @Test
    void anUnreachableSpeechServerIsNamedWithItsUrl(@TempDir Path mediaDir) {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RemoteSpeech remote = new RemoteSpeech("http://127.0.0.1:" + closedPort + "/v1", null, null, null,
                java.time.Duration.ofSeconds(10));
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive(),
                MediaConfig.in(mediaDir).withRemoteSpeech(remote))) {
            HttpResponse<String> response = server.post("/v1/audio/speech", "{\"input\": \"你好。\"}");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(RunningServer.json(response).path("error").path("message").asText())
                    .contains("cannot reach the speech server at http://127.0.0.1:" + closedPort + "/v1/audio/speech");
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
