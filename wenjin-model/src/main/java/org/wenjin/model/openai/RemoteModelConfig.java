package org.wenjin.model.openai;

import java.net.URI;
import java.time.Duration;

/**
 * Where an OpenAI-compatible server is and which of its models to use. {@code baseUrl} is the API root,
 * usually ending in {@code /v1} (e.g. {@code http://localhost:11434/v1} for Ollama).
 */
public record RemoteModelConfig(String baseUrl, String model, String apiKey, int contextLength,
                                Duration connectTimeout, Duration readTimeout) {
    public static final int DEFAULT_CONTEXT_LENGTH = 8192;

    public RemoteModelConfig {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL is empty");
        }
        URI uri = URI.create(baseUrl);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL must start with http:// or https://, was '"
                    + baseUrl + "'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a remote model name is required (e.g. --openai-model qwen2.5:7b)");
        }
        if (contextLength <= 0) {
            contextLength = DEFAULT_CONTEXT_LENGTH;
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofMinutes(10) : readTimeout;
    }

    public RemoteModelConfig(String baseUrl, String model, String apiKey) {
        this(baseUrl, model, apiKey, DEFAULT_CONTEXT_LENGTH, null, null);
    }

    URI endpoint(String path) {
        String root = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        return URI.create(root + path);
    }
}
