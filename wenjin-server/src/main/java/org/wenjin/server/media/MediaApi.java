package org.wenjin.server.media;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.CjkFont;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterLayout;
import org.wenjin.media.poster.PosterPainter;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.poster.PosterSvg;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.JsonBody;

/** {@code POST /api/media/poster}: a poster layout spec (JSON) in, the poster as PNG or, with {@code ?format=svg}, SVG out. */
public final class MediaApi {
    private final JsonBody body;

    public MediaApi(JsonBody body) {
        this.body = body;
    }

    public void poster(Context ctx) {
        String format = ctx.queryParam("format") == null ? "png" : ctx.queryParam("format");
        if (!format.equals("png") && !format.equals("svg")) {
            throw ApiError.badField("format", "format '" + format + "' is not png or svg");
        }
        PosterSpec spec;
        try {
            spec = PosterSpec.fromJson(body.read(ctx).toString());
        } catch (MediaException e) {
            String message = e.getMessage();
            String field = message.startsWith("poster.") ? message.substring(7, message.indexOf(':')) : null;
            throw ApiError.badField(field, message);
        }
        String family;
        try {
            family = CjkFont.family();
        } catch (MediaException e) {
            throw new ApiError(503, "server_error", "font_missing", null, e.getMessage());
        }
        PosterLayout layout;
        try {
            layout = new PosterComposer(family).compose(spec);
        } catch (MediaException e) {
            throw ApiError.badField(null, e.getMessage());
        }
        if (format.equals("svg")) {
            ctx.contentType("image/svg+xml; charset=utf-8")
                    .result(PosterSvg.write(layout).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
}
