package org.wenjin.media.poster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.wenjin.media.MediaException;
import org.wenjin.media.OpenAiEndpoint;

/**
 * Pictures from a server that answers OpenAI's {@code POST /v1/images/generations}, asked for one image as
 * {@code b64_json} (so nothing has to be fetched from a second URL), 1024×1024: a size every OpenAI image model
 * and most compatible servers make; the poster crops it to its own proportions.
 */
public final class ImageGenerator {
    static final String SIZE = "1024x1024";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiEndpoint endpoint;
    private final String model;

    /**
     * @param baseUrl the server's root, with or without the {@code /v1}
     * @param apiKey  sent as {@code Authorization: Bearer KEY}; null for none
     * @param model   such as {@code dall-e-3}; null for the server's default
     */
    public ImageGenerator(String baseUrl, String apiKey, String model, Duration timeout) {
        this.endpoint = new OpenAiEndpoint(baseUrl, "images/generations", apiKey, "image server", "image", timeout);
        this.model = model;
    }

    public URI endpoint() {
        return endpoint.uri();
    }

    public BufferedImage generate(String prompt) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("prompt", prompt).put("n", 1).put("size", SIZE)
                .put("response_format", "b64_json");
        if (model != null) {
            body.put("model", model);
        }
        byte[] answer = endpoint.post(body, "application/json");
        JsonNode first;
        try {
            first = JSON.readTree(answer).path("data").path(0);
        } catch (IOException e) {
            throw new MediaException(endpoint.source() + " is not JSON: " + e.getMessage(), e);
        }
        if (!first.path("b64_json").isTextual()) {
            throw new MediaException(endpoint.source() + " has no data[0].b64_json"
                    + (first.has("url") ? " (it gave a URL instead; the server must support response_format b64_json)" : ""));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(first.path("b64_json").asText().strip());
        } catch (IllegalArgumentException e) {
            throw new MediaException(endpoint.source() + ": data[0].b64_json is not base64: " + e.getMessage(), e);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new MediaException(endpoint.source() + ": data[0].b64_json cannot be decoded: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new MediaException(endpoint.source() + ": data[0].b64_json is not a PNG, JPEG or other image this server reads");
        }
        return image;
    }
}
