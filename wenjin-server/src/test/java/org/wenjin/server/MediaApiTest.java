package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/media/poster}: a layout spec in, a PNG or SVG poster out. */
class MediaApiTest {
    @TempDir
    Path dataDir;

    @Test
    void rendersTheSpecAsPngOrSvg() throws Exception {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            String spec = "{\"title\": \"智能交通大会\", \"points\": [\"车路协同\"], \"width\": 600, \"height\": 800}";
            HttpResponse<byte[]> png = server.http.send(server.request("/api/media/poster")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assumeTrue(png.statusCode() != 503, "no Chinese font installed");
            assertThat(png.statusCode()).isEqualTo(200);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(image.getWidth()).isEqualTo(600);
            assertThat(image.getHeight()).isEqualTo(800);

            HttpResponse<String> svg = server.post("/api/media/poster?format=svg", spec);
            assertThat(svg.statusCode()).isEqualTo(200);
            assertThat(svg.body()).contains(">智能交通大会</text>");
        }
    }

    @Test
    void designsAPosterFromATextWithTheTemplateWhenThereIsNoModel() throws Exception {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            String text = RunningServer.JSON.createObjectNode().put("text",
                    "文心一言来自百度。它能回答问题。它也能写作。").toString();
            HttpResponse<byte[]> png = server.http.send(server.request("/api/media/poster")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assumeTrue(png.statusCode() != 503, "no Chinese font installed");
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("X-Poster-Source")).hasValue("template");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(image.getWidth()).isEqualTo(1080);
            assertThat(image.getHeight()).isEqualTo(1440);

            // The same design as SVG shows the first sentence as the title and the next ones as points.
            HttpResponse<String> svg = server.post("/api/media/poster?format=svg", text);
            assertThat(svg.body()).contains(">文心一言来自百度</text>").contains(">它能回答问题。</text>");

            HttpResponse<String> empty = server.post("/api/media/poster", "{\"text\": \"  \"}");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(RunningServer.json(empty).path("error").path("param").asText()).isEqualTo("text");
        }
    }

    @Test
    void namesTheFieldOfTheSpecItCannotUse() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            HttpResponse<String> response = server.post("/api/media/poster",
                    "{\"title\": \"T\", \"colors\": {\"background\": \"blue\", \"text\": \"#FFFFFF\", \"accent\": \"#000000\"}}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(RunningServer.json(response).path("error").path("param").asText()).isEqualTo("colors.background");
        }
    }
}
