package org.wenjin.media.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poster that asks for an image background gets one from an OpenAI-compatible image server, here a small HTTP
 * server on this machine answering {@code POST /v1/images/generations} with a real PNG as b64_json; without the
 * server, or when it fails, the poster keeps its gradient and says why.
 */
class GeneratedBackgroundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PosterSpec SPEC = new PosterSpec("智能交通大会", "车路协同", List.of("数字孪生"), null,
            Palette.DEFAULT, BackgroundStyle.IMAGE, PosterTemplate.CENTERED, 600, 800);

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private PosterComposer composer;

    @BeforeEach
    void font() {
        String family;
        try {
            family = CjkFont.family();
        } catch (RuntimeException e) {
            family = null;
        }
        assumeTrue(family != null, "no Chinese font installed (apt-get install fonts-noto-cjk)");
        composer = new PosterComposer(family);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void paintsTheGeneratedPictureUnderAVeilOfTheBackground() throws IOException {
        String base = serve(200, "{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(redPng()) + "\"}]}");
        GeneratedBackground.Outcome outcome = new GeneratedBackground(
                new ImageGenerator(base, "image-key", "dall-e-3", Duration.ofSeconds(10))).apply(SPEC, composer.compose(SPEC));

        assertThat(outcome.warning()).isNull();
        assertThat(outcome.layout().picture()).isNotNull();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.path("prompt").asText()).contains("智能交通大会").contains("车路协同").contains("No text");
            assertThat(request.path("response_format").asText()).isEqualTo("b64_json");
            assertThat(request.path("size").asText()).isEqualTo("1024x1024");
            assertThat(request.path("model").asText()).isEqualTo("dall-e-3");
        });
        assertThat(keys).containsExactly("Bearer image-key");

        // The top-left corner, where there is no text: pure red under 55% of the top of the gradient (#0B3D91).
        int corner = PosterPainter.paint(outcome.layout()).getRGB(2, 2);
        Color expected = new Color((int) Math.round(255 * 0.45 + 0x0B * 0.55), (int) Math.round(0x3D * 0.55),
                (int) Math.round(0x91 * 0.55));
        assertThat(new Color(corner).getRed()).isCloseTo(expected.getRed(), org.assertj.core.data.Offset.offset(3));
        assertThat(new Color(corner).getGreen()).isCloseTo(expected.getGreen(), org.assertj.core.data.Offset.offset(3));
        assertThat(new Color(corner).getBlue()).isCloseTo(expected.getBlue(), org.assertj.core.data.Offset.offset(3));
        assertThat(PosterSvg.write(outcome.layout())).contains("<image ").contains("xlink:href=\"data:image/png;base64,")
                .contains("fill-opacity=\"0.55\"");
    }

    @Test
    void keepsTheGradientAndSaysWhyWhenTheServerFails() {
        String base = serve(500, "{\"error\": {\"message\": \"content policy\"}}");
        PosterLayout plain = composer.compose(SPEC);
        GeneratedBackground.Outcome outcome = new GeneratedBackground(
                new ImageGenerator(base, null, null, Duration.ofSeconds(10))).apply(SPEC, plain);

        assertThat(outcome.layout()).isSameAs(plain);
        assertThat(outcome.layout().picture()).isNull();
        assertThat(outcome.warning()).isEqualTo("no background picture, so the gradient is used instead: the image server at "
                + base + "/v1/images/generations answered HTTP 500: content policy");
        assertThat(PosterSvg.write(outcome.layout())).doesNotContain("<image ");
    }

    @Test
    void saysWhatIsMissingWhenTheAnswerHoldsNoImage() {
        String base = serve(200, "{\"data\": [{\"url\": \"https://example.org/picture.png\"}]}");
        GeneratedBackground.Outcome outcome = new GeneratedBackground(
                new ImageGenerator(base, null, null, Duration.ofSeconds(10))).apply(SPEC, composer.compose(SPEC));
        assertThat(outcome.warning()).contains("has no data[0].b64_json").contains("gave a URL instead");

        String garbage = serve(200, "{\"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString("not a picture".getBytes(StandardCharsets.UTF_8)) + "\"}]}");
        assertThat(new GeneratedBackground(new ImageGenerator(garbage, null, null, Duration.ofSeconds(10)))
                .apply(SPEC, composer.compose(SPEC)).warning()).contains("is not a PNG, JPEG or other image");
    }

    @Test
    void withoutAnImageServerThePosterSaysWhichSettingIsMissing() {
        GeneratedBackground.Outcome outcome = new GeneratedBackground(null).apply(SPEC, composer.compose(SPEC));
        assertThat(outcome.layout().picture()).isNull();
        assertThat(outcome.warning()).contains("image-base-url");
        PosterSpec gradient = SPEC.withBackground(BackgroundStyle.GRADIENT);
        assertThat(new GeneratedBackground(null).apply(gradient, composer.compose(gradient)).warning()).isNull();
    }

    private static byte[] redPng() throws IOException {
        BufferedImage picture = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        return png.toByteArray();
    }

    /** Starts (or restarts) the image server, answering every request with {@code status} and {@code body}. */
    private String serve(int status, String body) {
        if (server != null) {
            server.stop(0);
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/images/generations", exchange -> {
            try (exchange) {
                requests.add(JSON.readTree(exchange.getRequestBody()));
                keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
