package org.wenjin.server.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.BackgroundStyle;
import org.wenjin.media.poster.CjkFont;
import org.wenjin.media.poster.GeneratedBackground;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterDesigner;
import org.wenjin.media.poster.PosterDraft;
import org.wenjin.media.poster.PosterLayout;
import org.wenjin.media.poster.PosterPainter;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.poster.PosterSvg;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.GenerationGate;
import org.wenjin.server.http.Fields;
import org.wenjin.server.http.JsonBody;

/**
 * The media routes under /api/media: {@code POST /api/media/poster} (a layout spec, or a text for the model or
 * the template to design one from, in; the poster as PNG or, with {@code ?format=svg}, SVG out), and narrated videos as background jobs: {@code POST /api/media/video}
 * queues one, {@code GET /api/media/video/{id}} says how far it has got, {@code GET /api/media/video/{id}/file}
 * downloads the MP4.
 */
public final class MediaApi {
    /** The narration a request may ask for; as OpenAI's limit for speech, a few minutes of video. */
    static final int MAX_NARRATION = 4096;
    static final int DEFAULT_VIDEO_WIDTH = 1280;
    static final int DEFAULT_VIDEO_HEIGHT = 720;

    private final JsonBody body;
    private final VideoJobs videos;
    private final ChatModel model;
    private final GenerationGate gate;
    private final GeneratedBackground backgrounds;
    private final boolean picturesForText;

    /**
     * @param model           designs posters from a text when present; it takes its turn with answers through
     *                        {@code gate}
     * @param backgrounds     paints the picture of a spec whose background is "image"
     * @param picturesForText whether a poster designed from a text gets a generated picture (an image server is
     *                        configured)
     */
    public MediaApi(JsonBody body, VideoJobs videos, Optional<ChatModel> model, GenerationGate gate,
                    GeneratedBackground backgrounds, boolean picturesForText) {
        this.body = body;
        this.videos = videos;
        this.model = model.orElse(null);
        this.gate = gate;
        this.backgrounds = backgrounds;
        this.picturesForText = picturesForText;
    }

    public void poster(Context ctx) {
        String format = ctx.queryParam("format") == null ? "png" : ctx.queryParam("format");
        if (!format.equals("png") && !format.equals("svg")) {
            throw ApiError.badField("format", "format '" + format + "' is not png or svg");
        }
        JsonNode request = body.read(ctx);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        PosterSpec spec;
        if (request.has("text") && !request.has("title")) {
            // A text to make a poster of, such as an answer: the model designs the spec, or the template does.
            PosterDraft draft = design(Fields.of(request).requiredString("text"));
            spec = picturesForText ? draft.spec().withBackground(BackgroundStyle.IMAGE) : draft.spec();
            ctx.header("X-Poster-Source", draft.fromModel() ? "model" : "template");
            if (draft.problem() != null) {
                warnings.add("the model's design was not used: " + draft.problem());
            }
        } else {
            spec = spec(request.toString(), "");
        }
        PosterLayout layout;
        try {
            layout = new PosterComposer(fontFamily()).compose(spec);
        } catch (MediaException e) {
            throw ApiError.badField(null, e.getMessage());
        }
        GeneratedBackground.Outcome background = backgrounds.apply(spec, layout);
        layout = background.layout();
        if (background.warning() != null) {
            warnings.add(background.warning());
        }
        if (!warnings.isEmpty()) {
            ctx.header("X-Poster-Warning", ascii(String.join("; ", warnings)));
        }
        if (format.equals("svg")) {
            ctx.contentType("image/svg+xml; charset=utf-8").result(PosterSvg.write(layout).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            PosterPainter.writePng(layout, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType("image/png").result(png.toByteArray());
    }

    /**
     * {@code {"text": "the narration", "poster": {a poster spec, optional}, "width": 1280, "height": 720}}:
     * without a poster spec the title slide and key-point slides are designed from the text, by the model when
     * there is one, else by the poster template.
     */
    public void startVideo(Context ctx) {
        JsonNode request = body.read(ctx);
        Fields fields = Fields.of(request);
        String text = fields.requiredString("text");
        if (text.length() > MAX_NARRATION) {
            throw ApiError.badField("text", "text is " + text.length() + " characters, at most " + MAX_NARRATION
                    + " can be narrated in one video; shorten it or make several videos");
        }
        if (SpeechSegmenter.sentences(text).isEmpty()) {
            throw ApiError.badField("text", "text has no words to narrate");
        }
        int width = size(fields, "width", DEFAULT_VIDEO_WIDTH);
        int height = size(fields, "height", DEFAULT_VIDEO_HEIGHT);
        PosterSpec poster;
        if (fields.has("poster")) {
            if (!fields.node("poster").isObject()) {
                throw fields.wrongType("poster", "an object (a poster spec)", fields.node("poster"));
            }
            poster = spec(fields.node("poster").toString(), "poster.");
        } else {
            poster = design(text).spec();
        }
        poster = new PosterSpec(poster.title(), poster.subtitle(), poster.points(), poster.date(), poster.colors(),
                poster.background(), poster.template(), width, height);
        fontFamily();
        VideoJob job;
        try {
            job = videos.submit(text, poster);
        } catch (RejectedExecutionException e) {
            throw new ApiError(429, "rate_limit_error", "over_capacity", null, "the server is making a video and "
                    + videos.waiting() + " more are waiting (at most " + videos.maxQueued() + "); try again later");
        }
        ctx.status(202).header("Location", statusPath(job.id())).json(view(job.state()));
    }

    public void video(Context ctx) {
        ctx.json(view(job(ctx).state()));
    }

    public void videoFile(Context ctx) {
        VideoJob job = job(ctx);
        VideoJob.State state = job.state();
        if (state.status() != VideoJob.Status.DONE) {
            String why = state.status() == VideoJob.Status.FAILED ? "it failed: " + state.error()
                    : "it is not made yet (" + state.stage() + ", " + Math.round(state.progress() * 100) + "%)";
            throw new ApiError(409, "invalid_request_error", "video_not_ready", null,
                    "video " + state.id() + " cannot be downloaded: " + why);
        }
        InputStream mp4;
        long length;
        try {
            length = Files.size(job.mp4());
            mp4 = Files.newInputStream(job.mp4());
        } catch (IOException e) {
            throw ApiError.notFound("video_not_found", "video " + state.id() + "'s file is gone: " + e.getMessage());
        }
        ctx.header("Content-Disposition", "inline; filename=\"wenjin-" + state.id() + ".mp4\"");
        // Seekable, so that a <video> element can ask for byte ranges and jump about.
        ctx.writeSeekableStream(mp4, "video/mp4", length);
    }

    private PosterDraft design(String text) {
        if (text.isBlank()) {
            throw ApiError.badField("text", "text is empty; give the text to make a poster of");
        }
        if (text.length() > MAX_NARRATION) {
            throw ApiError.badField("text", "text is " + text.length() + " characters, at most " + MAX_NARRATION);
        }
        try {
            if (model == null) {
                return new PosterDesigner().design(text);
            }
            try (GenerationGate.Turn turn = gate.enter(new Cancellation())) {
                return new PosterDesigner(model).design(text);
            }
        } catch (MediaException e) {
            throw ApiError.badField("text", e.getMessage());
        }
    }

    /** Header values are ASCII: anything else is escaped as \\uXXXX. */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private VideoJob job(Context ctx) {
        String id = ctx.pathParam("id");
        return videos.find(id).orElseThrow(() -> ApiError.notFound("video_not_found", "no video job " + id
                + " (finished jobs are kept for a while, then removed with their files)"));
    }

    static ObjectNode view(VideoJob.State state) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", state.id());
        json.put("object", "media.video");
        json.put("status", state.status().name().toLowerCase(java.util.Locale.ROOT));
        json.put("stage", state.stage());
        json.put("stage_progress", state.stageFraction());
        json.put("progress", state.progress());
        json.put("status_url", statusPath(state.id()));
        if (state.error() != null) {
            json.put("error", state.error());
        }
        if (state.status() == VideoJob.Status.DONE) {
            json.put("duration_seconds", state.duration().toMillis() / 1000.0);
            json.put("file_url", statusPath(state.id()) + "/file");
        }
        return json;
    }

    private static String statusPath(String id) {
        return "/api/media/video/" + id;
    }

    private static int size(Fields fields, String field, int fallback) {
        Long value = fields.optionalInteger(field);
        if (value == null) {
            return fallback;
        }
        if (value < 320 || value > 1920 || value % 2 != 0) {
            throw ApiError.badField(field, field + " " + value + " must be an even number of pixels from 320 to 1920");
        }
        return value.intValue();
    }

    /** A poster spec from its JSON form, an error naming the field ({@code prefix} + the spec's own path). */
    private static PosterSpec spec(String json, String prefix) {
        try {
            return PosterSpec.fromJson(json);
        } catch (MediaException e) {
            String message = e.getMessage();
            String field = message.startsWith("poster.") ? prefix + message.substring(7, message.indexOf(':'))
                    : prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
            throw ApiError.badField(field, message);
        }
    }

    private static String fontFamily() {
        try {
            return CjkFont.family();
        } catch (MediaException e) {
            throw new ApiError(503, "server_error", "font_missing", null, e.getMessage());
        }
    }
}
