package org.wenjin.cli.config;

import java.time.Duration;
import org.wenjin.media.poster.ImageGenerator;

/**
 * The image-generation server that paints poster backgrounds: settings {@code image-base-url},
 * {@code image-api-key} and {@code image-model} (environment {@code WENJIN_IMAGE_BASE_URL} and so on, or keys
 * of {@code wenjin.yaml}). Without a base URL posters keep their drawn backgrounds.
 *
 * @param baseUrl the root of an OpenAI-compatible server answering {@code POST /v1/images/generations}, or null
 * @param apiKey  its key, or null
 * @param model   the image model to ask for, such as dall-e-3; null for the server's default
 */
public record ImageSettings(String baseUrl, String apiKey, String model) {
    /** Making a picture takes a while, on a CPU server minutes. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    public static ImageSettings none() {
        return new ImageSettings(null, null, null);
    }

    /** The image server, or null when none is configured. */
    public ImageGenerator generator() {
        return baseUrl == null || baseUrl.isBlank() ? null : new ImageGenerator(baseUrl, apiKey, model, TIMEOUT);
    }

    public ImageSettings withBaseUrl(String value) {
        return new ImageSettings(value, apiKey, model);
    }
}
