package org.wenjin.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wenjin.assistant.Assistant;
import org.wenjin.media.poster.GeneratedBackground;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.video.VideoMaker;
import org.wenjin.server.api.DocumentApi;
import org.wenjin.server.api.WenjinApi;
import org.wenjin.server.chat.ChatService;
import org.wenjin.server.chat.WireFormat;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.BearerAuth;
import org.wenjin.server.http.GenerationGate;
import org.wenjin.server.http.JsonBody;
import org.wenjin.server.knowledge.KnowledgeApi;
import org.wenjin.server.media.MediaApi;
import org.wenjin.server.media.VideoJobs;
import org.wenjin.server.openai.OpenAiApi;
import org.wenjin.server.openai.SpeechApi;
import org.wenjin.store.ConversationStore;

/**
 * The Wenjin HTTP server: the OpenAI-compatible API under /v1, Wenjin's own API under /api, the OpenAPI
 * description at /openapi.json and the web chat UI at /. Every route is declared in {@link #start}.
 */
public final class WenjinServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WenjinServer.class);
    /**
     * The UI and the API share one origin; nothing from model output or documents may run as script. Posters,
     * speech and videos are fetched with the API key and shown from blob: URLs.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<String> OPEN_PATHS = Set.of("/api/health");

    private final Javalin app;
    private final GenerationGate gate;
    private final ScheduledExecutorService scheduler;
    private final ServerConfig config;
    private final List<String> routes;
    private final VideoJobs videos;
    private final int port;
    private boolean closed;

    private WenjinServer(Javalin app, GenerationGate gate, ScheduledExecutorService scheduler, ServerConfig config,
                         List<String> routes, VideoJobs videos) {
        this.app = app;
        this.gate = gate;
        this.scheduler = scheduler;
        this.config = config;
        this.routes = routes;
        this.videos = videos;
        this.port = app.port();
    }

    /**
     * Starts serving. The store stays the caller's: {@link #close()} does not close it.
     *
     * @throws IllegalStateException if asked to listen beyond this machine without API keys
     */
    public static WenjinServer start(ServerConfig config, Assistant assistant, ConversationStore store) {
        return start(config, assistant, store, MediaConfig.temporary());
    }

    /** As {@link #start(ServerConfig, Assistant, ConversationStore)}, making media as {@code mediaConfig} says. */
    public static WenjinServer start(ServerConfig config, Assistant assistant, ConversationStore store,
                                     MediaConfig mediaConfig) {
        if (!config.isLoopback() && !config.requiresApiKey()) {
            throw new IllegalStateException("refusing to listen on " + config.host() + " without an API key: anyone"
                    + " who can reach this address could use the model and read every conversation. Configure at"
                    + " least one API key, or listen on 127.0.0.1");
        }
        ChatService chat = new ChatService(assistant, store);
        GenerationGate gate = new GenerationGate(config.maxConcurrentGenerations(), config.maxQueuedGenerations());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("wenjin-sse-heartbeat").factory());
        JsonBody body = new JsonBody(WireFormat.MAPPER, config.maxBodyBytes());
        BearerAuth auth = new BearerAuth(config.apiKeys());
        OpenAiApi openAi = new OpenAiApi(chat, gate, body, scheduler);
        WenjinApi wenjin = new WenjinApi(chat, gate, body, scheduler, auth.enabled());
        SpeechApi speech = new SpeechApi(body, "espeak-ng", mediaConfig.remoteSpeech());
        VideoJobs videos = new VideoJobs(mediaConfig.dir().resolve("videos"),
                new VideoMaker(mediaConfig.speech(), new PosterComposer(), mediaConfig.ffmpeg()),
                mediaConfig.maxQueuedVideos(), mediaConfig.keepVideos(), InstantSource.system());
        MediaApi media = new MediaApi(body, videos, assistant.model(), gate, new GeneratedBackground(mediaConfig.images()),
                mediaConfig.images() != null);
        DocumentApi documents = new DocumentApi(assistant.documents(), DocumentApi.MAX_UPLOAD_BYTES);
        KnowledgeApi knowledge = new KnowledgeApi(assistant.graph());
        List<String> routes = Collections.synchronizedList(new ArrayList<>());

        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.http.disableCompression();  // compression would hold back streamed events
            javalin.jsonMapper(new JavalinJackson(WireFormat.MAPPER, true));
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            javalin.events(events -> events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    routes.add(handler.getHttpMethod() + " " + handler.getPath());
                }
            }));
            javalin.router.mount(router -> {
                router.before(ctx -> {
                    securityHeaders(ctx);
                    if (needsKey(ctx.path())) {
                        auth.check(ctx.header("Authorization"));
                    }
                });

                router.post("/v1/chat/completions", openAi::chatCompletions);
                router.get("/v1/models", openAi::models);
                router.get("/v1/models/{model}", openAi::model);
                router.post("/v1/audio/speech", speech::speech);

                router.get("/api/health", wenjin::health);
                router.get("/api/conversations", wenjin::listConversations);
                router.post("/api/conversations", wenjin::createConversation);
                router.get("/api/conversations/{id}", wenjin::getConversation);
                router.patch("/api/conversations/{id}", wenjin::renameConversation);
                router.delete("/api/conversations/{id}", wenjin::deleteConversation);
                router.get("/api/conversations/{id}/messages", wenjin::listMessages);
                router.post("/api/conversations/{id}/messages", wenjin::postMessage);
                router.post("/api/messages/{id}/feedback", wenjin::postFeedback);
                router.get("/api/messages/{id}/feedback", wenjin::listFeedback);
                router.get("/api/traces/{id}", wenjin::getTrace);
                router.get("/api/memories", wenjin::listMemories);
                router.post("/api/memories", wenjin::addMemory);
                router.patch("/api/memories/{id}", wenjin::editMemory);
                router.delete("/api/memories/{id}", wenjin::deleteMemory);
                router.post("/api/media/poster", media::poster);
                router.post("/api/media/video", media::startVideo);
                router.get("/api/media/video/{id}", media::video);
                router.get("/api/media/video/{id}/file", media::videoFile);
                router.post("/api/documents", documents::upload);
                router.get("/api/sources", documents::listSources);
                router.delete("/api/sources", documents::removeSource);
                router.get("/api/search", documents::search);
                router.get("/api/passages/{chunkId}", documents::passageInContext);
                router.get("/api/entities/{iri}", knowledge::entity);
                router.get("/api/facts/{id}", knowledge::fact);
                router.get("/openapi.json", OpenApiDocument::serve);

                router.exception(HttpResponseException.class, (error, ctx) -> respond(ctx, fromJavalin(error, config)));
                router.exception(Exception.class, (error, ctx) -> {
                    ApiError api = ApiError.of(error);
                    if (api.status() >= 500) {
                        LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
                    }
                    respond(ctx, api);
                });
                router.error(404, ctx -> {
                    if (ctx.result() == null && ctx.resultInputStream() == null) {
                        respond(ctx, ApiError.notFound("not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                    }
                });
            });
        }).start(config.host(), config.port());
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector network) {
                // Long enough for a CPU model to read a long prompt without a byte on the wire.
                network.setIdleTimeout(Duration.ofMinutes(5).toMillis());
            }
        }
        LOG.info("Wenjin serves {} ({} mode) on http://{}:{}/", assistant.modelName(), assistant.mode().wireName(),
                config.host(), app.port());
        return new WenjinServer(app, gate, scheduler, config, List.copyOf(routes), videos);
    }

    private static boolean needsKey(String path) {
        return (path.startsWith("/v1/") || path.startsWith("/api/")) && !OPEN_PATHS.contains(path);
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static ApiError fromJavalin(HttpResponseException error, ServerConfig config) {
        return switch (error.getStatus()) {
            case 413 -> ApiError.tooLarge(config.maxBodyBytes());
            case 404 -> ApiError.notFound("not_found", error.getMessage());
            default -> new ApiError(error.getStatus(), error.getStatus() < 500 ? "invalid_request_error" : "server_error",
                    "http_" + error.getStatus(), null, error.getMessage());
        };
    }

    private static void respond(Context ctx, ApiError error) {
        if (error.status() == 429) {
            ctx.header("Retry-After", "1");
        }
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(error.status()).json(error.toJson());
    }

    public int port() {
        return port;
    }

    /**
     * Blocks until the server stops. The server's threads are virtual (daemon) threads, so a program whose
     * main thread only starts the server must wait here to keep running.
     */
    public void join() throws InterruptedException {
        app.jettyServer().server().join();
    }

    /** Answers being generated or waiting for a turn. */
    public int generationsInFlight() {
        return gate.inFlight();
    }

    /** Every route, as {@code METHOD /path}, in the order declared. */
    public List<String> routes() {
        return routes;
    }

    /**
     * Stops gracefully: stops accepting connections and new answers, lets answers in progress finish for up
     * to the configured grace, then cancels the rest (their streams end with a final chunk and [DONE]) and
     * stops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        gate.close();
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            connector.shutdown();
        }
        try {
            if (!gate.awaitIdle(config.shutdownGrace())) {
                LOG.info("ending {} answers still in progress after {}", gate.inFlight(), config.shutdownGrace());
                gate.cancelAll();
                gate.awaitIdle(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate.cancelAll();
        }
        app.stop();
        scheduler.shutdownNow();
        videos.close();
    }
}
