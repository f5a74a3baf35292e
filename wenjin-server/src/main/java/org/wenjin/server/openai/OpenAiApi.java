package org.wenjin.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wenjin.assistant.Answer;
import org.wenjin.model.Cancellation;
import org.wenjin.model.FinishReason;
import org.wenjin.server.chat.ChatService;
import org.wenjin.server.chat.WireFormat;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.GenerationGate;
import org.wenjin.server.http.JsonBody;
import org.wenjin.server.http.SseStream;

/**
 * The OpenAI-compatible endpoints: chat completions (whole or streamed as {@code chat.completion.chunk}
 * events ending in {@code data: [DONE]}) and the model list. Each completion runs the full Wenjin pipeline;
 * the trace id, mode and citations travel in an extra {@code wenjin} object that OpenAI clients ignore.
 */
public final class OpenAiApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiApi.class);

    private final ChatService chat;
    private final GenerationGate gate;
    private final JsonBody body;
    private final ScheduledExecutorService scheduler;
    private final long startedAt = Instant.now().getEpochSecond();

    public OpenAiApi(ChatService chat, GenerationGate gate, JsonBody body, ScheduledExecutorService scheduler) {
        this.chat = chat;
        this.gate = gate;
        this.body = body;
        this.scheduler = scheduler;
    }

    public void chatCompletions(Context ctx) {
        CompletionRequest request = CompletionRequest.parse(body.read(ctx));
        String served = chat.assistant().modelName();
        if (!request.model().equals(served)) {
            throw ApiError.notFound("model_not_found", "The model '" + request.model()
                    + "' does not exist on this server; it serves '" + served + "' (see GET /v1/models)");
        }
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        Cancellation cancellation = new Cancellation();
        try (GenerationGate.Turn _ = gate.enter(cancellation)) {
            if (request.stream()) {
                stream(ctx, request, id, created, cancellation);
            } else {
                Answer answer = chat.answer(request.question(), text -> { }, cancellation);
                ctx.json(completion(id, created, answer, cancellation.isCancelled()));
            }
        }
    }

    private void stream(Context ctx, CompletionRequest request, String id, long created, Cancellation cancellation) {
        String model = chat.assistant().modelName();
        try (SseStream sse = new SseStream(ctx.res(), cancellation, scheduler)) {
            sse.open();
            ObjectNode role = JSON.objectNode().put("role", "assistant").put("content", "");
            sse.data(WireFormat.toJson(chunk(id, created, model, role, null)));
            Answer answer;
            try {
                answer = chat.answer(request.question(),
                        text -> sse.data(WireFormat.toJson(chunk(id, created, model,
                                JSON.objectNode().put("content", text), null))),
                        cancellation);
            } catch (RuntimeException e) {
                ApiError error = ApiError.of(e);
                if (error.status() >= 500) {
                    LOG.error("a streamed completion failed", e);
                }
                sse.data(WireFormat.toJson(error.toJson()));
                sse.data("[DONE]");
                return;
            }
            ObjectNode last = chunk(id, created, answer.model(), JSON.objectNode(), finishReason(answer));
            last.set("usage", usage(answer));
            last.set("wenjin", extension(answer, cancellation.isCancelled()));
            sse.data(WireFormat.toJson(last));
            sse.data("[DONE]");
        }
    }

    /** One {@code chat.completion.chunk}; {@code finish_reason} is null until the last one. */
    static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode choice = JSON.objectNode();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        ObjectNode chunk = JSON.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.set("choices", JSON.arrayNode().add(choice));
        return chunk;
    }

    private static ObjectNode completion(String id, long created, Answer answer, boolean cancelled) {
        ObjectNode message = JSON.objectNode().put("role", "assistant").put("content", answer.text());
        ObjectNode choice = JSON.objectNode();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason(answer));
        ObjectNode completion = JSON.objectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", answer.model());
        completion.set("choices", JSON.arrayNode().add(choice));
        completion.set("usage", usage(answer));
        completion.set("wenjin", extension(answer, cancelled));
        return completion;
    }

    /** OpenAI knows "stop" and "length"; a cancelled answer ended cleanly, which clients read as "stop". */
    private static String finishReason(Answer answer) {
        return answer.finishReason() == FinishReason.LENGTH ? "length" : "stop";
    }

    private static ObjectNode usage(Answer answer) {
        return JSON.objectNode()
                .put("prompt_tokens", answer.promptTokens())
                .put("completion_tokens", answer.completionTokens())
                .put("total_tokens", answer.promptTokens() + answer.completionTokens());
    }

    private static ObjectNode extension(Answer answer, boolean cancelled) {
        ObjectNode wenjin = JSON.objectNode();
        wenjin.put("trace_id", answer.trace().id());
        wenjin.put("mode", answer.mode().wireName());
        wenjin.set("citations", WireFormat.toTree(answer.citations()));
        if (cancelled) {
            wenjin.put("cancelled", true);
        }
        return wenjin;
    }

    public void models(Context ctx) {
        ArrayNode data = JSON.arrayNode().add(model());
        ctx.json(JSON.objectNode().put("object", "list").set("data", data));
    }

    public void model(Context ctx) {
        String requested = ctx.pathParam("model");
        if (!requested.equals(chat.assistant().modelName())) {
            throw ApiError.notFound("model_not_found", "The model '" + requested + "' does not exist on this server");
        }
        ctx.json(model());
    }

    private ObjectNode model() {
        return JSON.objectNode()
                .put("id", chat.assistant().modelName())
                .put("object", "model")
                .put("created", startedAt)
                .put("owned_by", "wenjin");
    }
}
