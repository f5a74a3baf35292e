package org.wenjin.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wenjin.model.Cancellation;
import org.wenjin.model.GenerationOptions;
import org.wenjin.server.chat.ChatService;
import org.wenjin.server.chat.Exchange;
import org.wenjin.server.chat.WireFormat;
import org.wenjin.assistant.plan.Step;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.Fields;
import org.wenjin.server.http.GenerationGate;
import org.wenjin.server.http.JsonBody;
import org.wenjin.server.http.SamplingFields;
import org.wenjin.server.http.SseStream;
import org.wenjin.store.Conversation;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Rating;

/**
 * Wenjin's own API, the one the web UI uses: conversations, asking in a conversation (the answer streamed as
 * server-sent events), feedback on answers, traces and health. Each handler translates HTTP to a call on
 * {@link ChatService} or the store and back.
 */
public final class WenjinApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(WenjinApi.class);

    private final ChatService chat;
    private final ConversationStore store;
    private final GenerationGate gate;
    private final JsonBody body;
    private final ScheduledExecutorService scheduler;
    private final boolean authRequired;

    public WenjinApi(ChatService chat, GenerationGate gate, JsonBody body, ScheduledExecutorService scheduler,
                     boolean authRequired) {
        this.chat = chat;
        this.store = chat.store();
        this.gate = gate;
        this.body = body;
        this.scheduler = scheduler;
        this.authRequired = authRequired;
    }

    public void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "model", chat.assistant().modelName(),
                "mode", chat.assistant().mode().wireName(), "auth_required", authRequired));
    }

    public void listConversations(Context ctx) {
        ctx.json(Map.of("conversations", store.conversations()));
    }

    public void createConversation(Context ctx) {
        String title = Fields.of(body.readOptional(ctx)).optionalString("title");
        ctx.status(201).json(store.createConversation(title == null ? "" : title));
    }

    public void getConversation(Context ctx) {
        Conversation conversation = conversation(ctx);
        ObjectNode result = JSON.objectNode();
        result.set("conversation", WireFormat.toTree(conversation));
        result.set("messages", WireFormat.toTree(store.messages(conversation.id()).stream().map(MessageView::of).toList()));
        ctx.json(result);
    }

    public void renameConversation(Context ctx) {
        String title = Fields.of(body.read(ctx)).requiredString("title");
        ctx.json(store.renameConversation(ctx.pathParam("id"), title).orElseThrow(() -> noConversation(ctx)));
    }

    public void deleteConversation(Context ctx) {
        if (!store.deleteConversation(ctx.pathParam("id"))) {
            throw noConversation(ctx);
        }
        ctx.status(204);
    }

    public void listMessages(Context ctx) {
        Conversation conversation = conversation(ctx);
        ctx.json(Map.of("messages", store.messages(conversation.id()).stream().map(MessageView::of).toList()));
    }

    /**
     * Asks a question in a conversation. Streams {@code delta} events ({@code {"text"}}) as the answer is
     * written, then one {@code done} event with the stored answer's id, trace id, citations and mode, or an
     * {@code error} event. With {@code "stream": false} it answers once with the same {@code done} object.
     */
    public void postMessage(Context ctx) {
        Fields fields = Fields.of(body.read(ctx));
        String content = fields.requiredString("content");
        if (content.isBlank()) {
            throw ApiError.badField("content", "'content' must not be empty");
        }
        boolean stream = !Boolean.FALSE.equals(fields.optionalBoolean("stream"));
        GenerationOptions options = SamplingFields.parse(fields);
        String conversationId = conversation(ctx).id();
        Cancellation cancellation = new Cancellation();
        try (GenerationGate.Turn _ = gate.enter(cancellation)) {
            if (!stream) {
                ctx.json(done(chat.ask(user(ctx), conversationId, content, options, text -> { }, cancellation), cancellation));
                return;
            }
            try (SseStream sse = new SseStream(ctx.res(), cancellation, scheduler)) {
                sse.open();
                try {
                    Exchange exchange = chat.ask(user(ctx), conversationId, content, options,
                            text -> sse.event("delta", WireFormat.toJson(Map.of("text", text))), cancellation);
                    sse.event("done", WireFormat.toJson(done(exchange, cancellation)));
                } catch (RuntimeException e) {
                    ApiError error = ApiError.of(e);
                    if (error.status() >= 500) {
                        LOG.error("a streamed answer in conversation {} failed", conversationId, e);
                    }
                    sse.event("error", WireFormat.toJson(error.toJson()));
                }
            }
        }
    }

    private static ObjectNode done(Exchange exchange, Cancellation cancellation) {
        ObjectNode done = JSON.objectNode();
        done.put("message_id", exchange.answer().id());
        done.put("user_message_id", exchange.question().id());
        done.put("conversation_id", exchange.answer().conversationId());
        done.put("trace_id", exchange.result().trace().id());
        done.put("mode", exchange.result().mode().wireName());
        done.put("model", exchange.result().model());
        done.put("content", exchange.result().text());
        done.set("citations", WireFormat.toTree(exchange.result().citations()));
        done.put("created_at", exchange.answer().createdAt().toString());
        done.put("cancelled", cancellation.isCancelled());
        // The plan's media steps (the question asked for speech, a poster or a video): the web chat produces them.
        ArrayNode media = done.putArray("media");
        Step.mediaOf(exchange.result().trace().plan()).forEach(step -> media.add(step.wireName()));
        return done;
    }

    /** Thumbs up or down, a comment, and/or a better answer on one answer. */
    public void postFeedback(Context ctx) {
        JsonNode json = body.read(ctx);
        Fields fields = Fields.of(json);
        String ratingName = fields.optionalString("rating");
        Rating rating;
        try {
            rating = ratingName == null ? null : Rating.fromWireName(ratingName);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("rating", "'rating' must be \"up\", \"down\" or null, not '" + ratingName + "'");
        }
        String comment = fields.optionalString("comment");
        String betterAnswer = fields.optionalString("better_answer");
        if (rating == null && isBlank(comment) && isBlank(betterAnswer)) {
            throw ApiError.badField("rating", "feedback needs at least one of 'rating', 'comment' or 'better_answer'");
        }
        ctx.status(201).json(chat.feedback(ctx.pathParam("id"), rating, comment, betterAnswer));
    }

    public void listFeedback(Context ctx) {
        String id = ctx.pathParam("id");
        if (store.message(id).isEmpty()) {
            throw ApiError.notFound("not_found", "no message with id '" + id + "'");
        }
        ctx.json(Map.of("feedback", store.feedback(id)));
    }

    public void getTrace(Context ctx) {
        String id = ctx.pathParam("id");
        String trace = chat.trace(id).orElseThrow(() -> ApiError.notFound("not_found", "no trace with id '" + id + "'"));
        ctx.contentType("application/json").result(trace);
    }

    /** Everything remembered about the caller, most recently changed first. */
    public void listMemories(Context ctx) {
        ctx.json(Map.of("memories", store.memories().list(user(ctx))));
    }

    /** Remembers something the caller typed in by hand. */
    public void addMemory(Context ctx) {
        Fields fields = Fields.of(body.read(ctx));
        String kind = fields.optionalString("kind");
        try {
            ctx.status(201).json(store.memories().add(user(ctx), kind == null ? "fact" : kind,
                    fields.requiredString("text"), null));
        } catch (IllegalArgumentException e) {
            throw ApiError.badField(kind != null && e.getMessage().contains("kind") ? "kind" : "text", e.getMessage());
        }
    }

    public void editMemory(Context ctx) {
        String text = Fields.of(body.read(ctx)).requiredString("text");
        try {
            ctx.json(store.memories().edit(user(ctx), ctx.pathParam("id"), text).orElseThrow(() -> noMemory(ctx)));
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("text", e.getMessage());
        }
    }

    public void deleteMemory(Context ctx) {
        if (!store.memories().delete(user(ctx), ctx.pathParam("id"))) {
            throw noMemory(ctx);
        }
        ctx.status(204);
    }

    /**
     * Who is asking: with API keys, each key is one user (named by a hash, never the key itself); without
     * keys the server has one user.
     */
    private String user(Context ctx) {
        String header = ctx.header("Authorization");
        if (!authRequired || header == null || !header.startsWith("Bearer ")) {
            return ChatService.DEFAULT_USER;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(header.substring(7).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "key-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static ApiError noMemory(Context ctx) {
        return ApiError.notFound("not_found", "no memory with id '" + ctx.pathParam("id") + "'");
    }

    private Conversation conversation(Context ctx) {
        return store.conversation(ctx.pathParam("id")).orElseThrow(() -> noConversation(ctx));
    }

    private static ApiError noConversation(Context ctx) {
        return ApiError.notFound("not_found", "no conversation with id '" + ctx.pathParam("id") + "'");
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
