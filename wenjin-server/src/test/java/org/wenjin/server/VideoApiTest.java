package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.Ffmpeg;

/**
 * {@code POST /api/media/video} and its job: queued at once (202), made in the background with its stage and
 * progress to poll, the MP4 downloadable when done; made with the real espeak-ng and ffmpeg.
 */
class VideoApiTest {
    /** Two sentences on a small frame: enough for every stage, quick to encode on two cores. */
    static final String VIDEO = "{\"text\": \"欢迎参加智能交通大会。We meet in Beijing in May.\", \"width\": 640, \"height\": 360}";

    @TempDir
    Path dataDir;
    @TempDir
    Path mediaDir;
    @TempDir
    Path downloads;

    @Test
    void makesTheVideoInTheBackgroundReportsItsProgressAndServesTheMp4() throws Exception {
        MediaPrograms.require("espeak-ng", "ffmpeg", "ffprobe");
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive(),
                MediaConfig.in(mediaDir).withMaxQueuedVideos(0))) {
            HttpResponse<String> started = server.post("/api/media/video", VIDEO);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonNode job = RunningServer.json(started);
            String id = job.path("id").asText();
            assertThat(started.headers().firstValue("Location")).hasValue("/api/media/video/" + id);
            assertThat(job.path("status").asText()).isIn("queued", "running");

            // One video at a time and no queue: a second one is refused while the first is made.
            HttpResponse<String> second = server.post("/api/media/video", VIDEO);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(RunningServer.json(second).path("error").path("message").asText()).contains("making a video");
            HttpResponse<String> early = server.get("/api/media/video/" + id + "/file");
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(RunningServer.json(early).path("error").path("message").asText()).contains("not made yet");

            List<JsonNode> polls = new ArrayList<>();
            Eventually.until(Duration.ofSeconds(120), "the video is done", () -> {
                JsonNode state = RunningServer.json(server.get("/api/media/video/" + id));
                polls.add(state);
                return !state.path("status").asText().equals("queued") && !state.path("status").asText().equals("running");
            });
            JsonNode done = polls.getLast();
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("stage").asText()).isEqualTo("done");
            assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
            assertThat(done.path("file_url").asText()).isEqualTo("/api/media/video/" + id + "/file");
            assertThat(polls).extracting(state -> state.path("stage").asText())
                    .allMatch(stage -> List.of("queued", "narration", "slides", "encoding", "done").contains(stage));
            for (int i = 1; i < polls.size(); i++) {
                assertThat(polls.get(i).path("progress").asDouble()).as("progress never goes back")
                        .isGreaterThanOrEqualTo(polls.get(i - 1).path("progress").asDouble());
            }

            HttpResponse<Path> file = server.http.send(server.request(done.path("file_url").asText()).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(downloads.resolve("video.mp4")));
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).hasValue("video/mp4");
            JsonNode probe = RunningServer.json(Ffmpeg.run(List.of("ffprobe", "-v", "error",
                    "-show_entries", "stream=codec_name,width,height:format=duration", "-of", "json", file.body().toString())));
            assertThat(probe.path("streams").findValuesAsText("codec_name")).containsExactlyInAnyOrder("h264", "aac");
            assertThat(probe.path("streams").findValues("width")).extracting(JsonNode::asInt).containsExactly(640);
            assertThat(probe.path("format").path("duration").asDouble())
                    .isCloseTo(done.path("duration_seconds").asDouble(), Offset.offset(0.3)).isGreaterThan(1.5);

            // A <video> element asks for byte ranges (Javalin answers with at least the range asked for, as
            // Content-Range says).
            byte[] whole = Files.readAllBytes(file.body());
            HttpResponse<byte[]> range = server.http.send(server.request(done.path("file_url").asText())
                    .header("Range", "bytes=1000-1099").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValueSatisfying(value -> assertThat(value)
                    .isEqualTo("bytes 1000-" + (999 + range.body().length) + "/" + whole.length));
            assertThat(range.body()).hasSizeGreaterThanOrEqualTo(100)
                    .isEqualTo(java.util.Arrays.copyOfRange(whole, 1000, 1000 + range.body().length));
            assertThat(mediaDir.resolve("videos").resolve("video-" + id + ".mp4")).exists();
        }
    }

    @Test
    void aMissingFfmpegFailsTheJobWithWhatToInstall() {
        MediaPrograms.require("espeak-ng");
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive(),
                MediaConfig.in(mediaDir).withFfmpeg("/nonexistent/ffmpeg"))) {
            String id = RunningServer.json(server.post("/api/media/video", VIDEO)).path("id").asText();
            Eventually.until(Duration.ofSeconds(60), "the job fails",
                    () -> RunningServer.json(server.get("/api/media/video/" + id)).path("status").asText().equals("failed"));
            JsonNode failed = RunningServer.json(server.get("/api/media/video/" + id));
            assertThat(failed.path("stage").asText()).isEqualTo("failed");
            assertThat(failed.path("error").asText()).contains("/nonexistent/ffmpeg").contains("apt-get install ffmpeg");
            HttpResponse<String> file = server.get("/api/media/video/" + id + "/file");
            assertThat(file.statusCode()).isEqualTo(409);
            assertThat(RunningServer.json(file).path("error").path("message").asText()).contains("it failed")
                    .contains("apt-get install ffmpeg");
        }
    }

    @Test
    void namesTheFieldOfARequestItCannotUse() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive(),
                MediaConfig.in(mediaDir))) {
            assertBadField(server, "{}", "text", "'text' is required");
            assertBadField(server, "{\"text\": \"" + "很长的句子。".repeat(700) + "\"}", "text", "at most 4096");
            assertBadField(server, "{\"text\": \"…… ——\"}", "text", "no words");
            assertBadField(server, "{\"text\": \"你好。\", \"width\": 641}", "width", "even number");
            assertBadField(server, "{\"text\": \"你好。\", \"poster\": {\"title\": \"T\", \"colors\": {\"background\": \"blue\","
                    + " \"text\": \"#FFFFFF\", \"accent\": \"#000000\"}}}", "poster.colors.background", "#RRGGBB");
            HttpResponse<String> unknown = server.get("/api/media/video/no-such-job");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(RunningServer.json(unknown).path("error").path("message").asText()).contains("no video job no-such-job");
            assertThat(server.get("/api/media/video/no-such-job/file").statusCode()).isEqualTo(404);
        }
    }

    private static void assertBadField(RunningServer server, String body, String field, String message) {
        HttpResponse<String> response = server.post("/api/media/video", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        JsonNode error = RunningServer.json(response).path("error");
        assertThat(error.path("param").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(message);
    }
}
