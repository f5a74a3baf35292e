package org.wenjin.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;

/**
 * A model served by an OpenAI-compatible server (vLLM, Ollama, llama.cpp server, hosted APIs), reached
 * through {@code POST {baseUrl}/chat/completions} with {@code stream: true}. This is how a deployment
 * scales past one machine: Wenjin keeps the pipeline, the server does the arithmetic.
 */
public final class OpenAiChatModel implements ChatModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteModelConfig config;
    private final HttpClient http;

    public OpenAiChatModel(RemoteModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return config.model();
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public int countTokens(String text) {
        return TokenEstimate.of(text);
    }

    @Override
    public ChatResult chat(ChatRequest request, TokenSink sink, Cancellation cancellation) {
        String body = requestBody(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.endpoint("chat/completions"))
                .timeout(config.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ModelException("cannot reach the model server at " + config.baseUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting for the model server", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new ModelException("the model server at " + config.baseUrl() + " answered HTTP "
                        + response.statusCode() + ": " + errorMessage(in));
            }
            return readStream(in, sink, cancellation, body);
        } catch (IOException e) {
            throw new ModelException("the stream from the model server at " + config.baseUrl() + " broke: "
                    + e.getMessage(), e);
        }
    }

    private String requestBody(ChatRequest request) {
        GenerationOptions options = request.options();
        ObjectNode root = JSON.createObjectNode();
        root.put("model", config.model());
        root.put("stream", true);
        root.put("max_tokens", options.maxTokens());
        root.put("temperature", options.temperature());
        root.put("top_p", options.topP());
        if (options.seed() != null) {
            root.put("seed", options.seed());
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            options.stop().forEach(stop::add);
        }
        ObjectNode streamOptions = root.putObject("stream_options");
        streamOptions.put("include_usage", true);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        return root.toString();
    }

    /** Reads server-sent events until {@code [DONE]}, the end of the stream, or cancellation. */
    private ChatResult readStream(InputStream in, TokenSink sink, Cancellation cancellation, String sentBody)
            throws IOException {
        StringBuilder text = new StringBuilder();
        FinishReason finish = FinishReason.STOP;
        int promptTokens = -1;
        int completionTokens = -1;
        int chunks = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (cancellation != null && cancellation.isCancelled()) {
                finish = FinishReason.CANCELLED;
                break;
            }
            if (!line.startsWith("data:")) {
                continue; // comments, event names and the blank lines between events
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                break;
            }
            JsonNode chunk = parseChunk(data);
            if (chunk.has("error")) {
                throw new ModelException("the model server reported an error mid-stream: "
                        + chunk.path("error").path("message").asText(chunk.get("error").toString()));
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                completionTokens = usage.path("completion_tokens").asInt(completionTokens);
            }
            for (JsonNode choice : chunk.path("choices")) {
                String delta = choice.path("delta").path("content").asText("");
                if (!delta.isEmpty()) {
                    text.append(delta);
                    chunks++;
                    sink.accept(delta);
                }
                String reason = choice.path("finish_reason").asText("");
                if (reason.equals("length")) {
                    finish = FinishReason.LENGTH;
                }
            }
        }
        if (promptTokens < 0) {
            promptTokens = countTokens(sentBody);
        }
        if (completionTokens < 0) {
            completionTokens = Math.max(chunks, countTokens(text.toString()));
        }
        return new ChatResult(text.toString(), finish, promptTokens, completionTokens, sentBody);
    }

    private static JsonNode parseChunk(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new ModelException("the model server sent a stream event that is not JSON: "
                    + abbreviate(data), e);
        }
    }

    private static String errorMessage(InputStream in) throws IOException {
        String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode message = node.path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException ignored) {
            // not JSON: show the raw body below
        }
        return abbreviate(body);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
