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
    void paintsAGeneratedBackgroundFromTheImageServerOrSaysWhyNot(@TempDir Path mediaDir) throws Exception {
        BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = picture.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        com.sun.net.httpserver.HttpServer images = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/v1/images/generations", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] answer = ("{\"data\": [{\"b64_json\": \"" + java.util.Base64.getEncoder().encodeToString(png.toByteArray())
                        + "\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        images.start();
        String spec = "{\"title\": \"智能交通大会\", \"background\": \"image\", \"width\": 600, \"height\": 800}";
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive(),
                MediaConfig.in(mediaDir).withImages(new org.wenjin.media.poster.ImageGenerator(
                        "http://127.0.0.1:" + images.getAddress().getPort(), null, null, java.time.Duration.ofSeconds(10))))) {
            HttpResponse<byte[]> poster = server.http.send(server.request("/api/media/poster")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assumeTrue(poster.statusCode() != 503, "no Chinese font installed");
            assertThat(poster.statusCode()).isEqualTo(200);
            assertThat(poster.headers().firstValue("X-Poster-Warning")).isEmpty();
            java.awt.Color corner = new java.awt.Color(ImageIO.read(new ByteArrayInputStream(poster.body())).getRGB(2, 2));
            assertThat(corner.getRed()).as("the red picture shows through the veil").isGreaterThan(100);

            images.stop(0);
            HttpResponse<byte[]> fallback = server.http.send(server.request("/api/media/poster")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fallback.statusCode()).isEqualTo(200);
            assertThat(fallback.headers().firstValue("X-Poster-Warning")).hasValueSatisfying(warning -> assertThat(warning)
                    .contains("the gradient is used instead").contains("cannot reach the image server at http://127.0.0.1:"));
            java.awt.Color plain = new java.awt.Color(ImageIO.read(new ByteArrayInputStream(fallback.body())).getRGB(2, 2));
            assertThat(plain).isEqualTo(new java.awt.Color(0x0B3D91));
        } finally {
            images.stop(0);
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
