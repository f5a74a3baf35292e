package org.wenjin.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One route of an OpenAI-compatible server (speech, image generation), posted JSON, with the errors a person
 * can act on: the URL that could not be reached or the status and message it answered, and the setting to check.
 */
public final class OpenAiEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI uri;
    private final String apiKey;
    private final String what;
    private final String setting;
    private final Duration timeout;

    /**
     * @param baseUrl the server's root, with or without {@code /v1}: {@code http://host:8080} and
     *                {@code http://host:8080/v1} both lead to {@code http://host:8080/v1/ROUTE}
     * @param route   such as {@code audio/speech}
     * @param what    the server in words, for messages: "speech server"
     * @param setting the setting prefix that configures it, for messages: "speech"
     */
    public OpenAiEndpoint(String baseUrl, String route, String apiKey, String what, String setting, Duration timeout) {
        this.uri = resolve(baseUrl, route, setting);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.what = what;
        this.setting = setting;
        this.timeout = timeout;
    }

    public URI uri() {
        return uri;
    }

    /** Posts {@code body} and returns the answer's bytes when the status is 200. */
    public byte[] post(JsonNode body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new MediaException("the " + what + " at " + uri + " did not answer within " + timeout.toSeconds()
                    + " s; check that it is running, or configure another with " + setting + "-base-url", e);
        } catch (IOException e) {
            throw new MediaException("cannot reach the " + what + " at " + uri + " (" + describe(e)
                    + "); check that it is running and that " + setting + "-base-url is right", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while waiting for the " + what + " at " + uri, e);
        }
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 || response.statusCode() == 403 ? "; check " + setting + "-api-key"
                    : response.statusCode() == 404 ? "; check " + setting + "-base-url" : "";
            throw new MediaException("the " + what + " at " + uri + " answered HTTP " + response.statusCode()
                    + errorMessage(response.body()) + hint);
        }
        return response.body();
    }

    /** Where an answer came from, for the messages of whoever reads it. */
    public String source() {
        return "the answer of the " + what + " at " + uri;
    }

    /** ": the message" from an OpenAI error object, or the start of the body as text, or nothing. */
    private static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = JSON.readTree(text).path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("");
            if (!message.isBlank()) {
                return ": " + message;
            }
        } catch (IOException notJson) {
            // Not JSON: an HTML error page or plain text; its start follows.
        }
        return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static URI resolve(String baseUrl, String route, String setting) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new MediaException(setting + "-base-url is empty: give the root of an OpenAI-compatible server, "
                    + "such as http://localhost:8080");
        }
        String base = baseUrl.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create((base.endsWith("/v1") ? base : base + "/v1") + "/" + route);
        } catch (IllegalArgumentException e) {
            throw new MediaException(setting + "-base-url '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new MediaException(setting + "-base-url '" + baseUrl + "' is not an http:// or https:// URL");
        }
        return uri;
    }
}
