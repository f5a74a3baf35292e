package org.wenjin.media.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.wenjin.media.MediaException;

/**
 * Text to speech on a server that answers OpenAI's {@code POST /v1/audio/speech} (OpenAI itself, or any
 * compatible server, a Wenjin server among them): one request per sentence, asking for WAV, so the first
 * sentence can be played while the next is still being made, and no request comes near OpenAI's limit of 4096
 * characters of input.
 */
public final class RemoteSpeech implements SpeechSynthesizer {
    /** OpenAI's limit on {@code input}; a longer sentence is sent in parts. */
    static final int MAX_INPUT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final String voice;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl the server's root, with or without the {@code /v1} (both {@code http://host:8080} and
     *                {@code http://host:8080/v1} name {@code http://host:8080/v1/audio/speech})
     * @param apiKey  sent as {@code Authorization: Bearer KEY}; null for none
     * @param model   such as {@code tts-1}
     * @param voice   such as {@code alloy}
     */
    public RemoteSpeech(String baseUrl, String apiKey, String model, String voice, Duration timeout) {
        this.endpoint = endpoint(baseUrl);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.model = model;
        this.voice = voice;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The URL the requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void stream(String text, Consumer<WaveAudio> sink) {
        List<String> sentences = SpeechSegmenter.sentences(SpeechSynthesizer.checked(text));
        if (sentences.isEmpty()) {
            throw new MediaException("nothing to say: the text has no letters or digits");
        }
        WaveAudio first = null;
        for (String sentence : sentences) {
            for (int start = 0; start < sentence.length(); start += MAX_INPUT) {
                WaveAudio piece = speak(sentence.substring(start, Math.min(sentence.length(), start + MAX_INPUT)));
                if (first != null && !piece.sameFormat(first)) {
                    throw new MediaException("the speech server at " + endpoint + " changed its audio format from "
                            + first.sampleRate() + " Hz to " + piece.sampleRate() + " Hz within one text");
                }
                first = first == null ? piece : first;
                sink.accept(piece);
            }
        }
    }

    /** One request: the text in, WAV out. */
    WaveAudio speak(String input) {
        ObjectNode body = JSON.createObjectNode().put("input", input).put("response_format", "wav");
        if (model != null) {
            body.put("model", model);
        }
        if (voice != null) {
            body.put("voice", voice);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new MediaException("the speech server at " + endpoint + " did not answer within " + timeout.toSeconds()
                    + " s; check that it is running, or configure another with speech-base-url", e);
        } catch (IOException e) {
            throw new MediaException("cannot reach the speech server at " + endpoint + " (" + describe(e)
                    + "); check that it is running and that speech-base-url is right", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while waiting for the speech server at " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 || response.statusCode() == 403
                    ? "; check speech-api-key" : response.statusCode() == 404 ? "; check speech-base-url" : "";
            throw new MediaException("the speech server at " + endpoint + " answered HTTP " + response.statusCode()
                    + errorMessage(response.body()) + hint);
        }
        return WaveAudio.parse(response.body(), "the answer of the speech server at " + endpoint
                + " (asked for response_format wav)");
    }

    /** ": the message" from an OpenAI error object, or the start of the body as text, or nothing. */
    private static String errorMessage(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
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

    private static URI endpoint(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new MediaException("speech-base-url is empty: give the root of an OpenAI-compatible server, "
                    + "such as http://localhost:8080");
        }
        String base = baseUrl.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(base.endsWith("/v1") ? base + "/audio/speech" : base + "/v1/audio/speech");
        } catch (IllegalArgumentException e) {
            throw new MediaException("speech-base-url '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new MediaException("speech-base-url '" + baseUrl + "' is not an http:// or https:// URL");
        }
        return uri;
    }
}
