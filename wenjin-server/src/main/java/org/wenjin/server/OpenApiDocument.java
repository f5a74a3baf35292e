package org.wenjin.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI 3 description of both APIs, {@code openapi.json} on the classpath. */
final class OpenApiDocument {
    static final String RESOURCE = "/org/wenjin/server/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApiDocument() {
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void serve(Context ctx) {
        ctx.contentType("application/json").result(DOCUMENT);
    }
}
