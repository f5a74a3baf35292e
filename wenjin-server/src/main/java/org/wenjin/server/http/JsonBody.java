package org.wenjin.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import io.javalin.http.Context;

/**
 * Reads a request body as a JSON object, refusing bodies over the size limit (413) and saying where malformed
 * JSON breaks (400, with Jackson's line and column).
 */
public final class JsonBody {
    private final ObjectMapper mapper;
    private final long maxBytes;

    public JsonBody(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public JsonNode read(Context ctx) {
        return parse(text(ctx));
    }

    /** Like {@link #read}, but an empty body reads as an empty object. */
    public JsonNode readOptional(Context ctx) {
        String text = text(ctx);
        return text.isBlank() ? mapper.createObjectNode() : parse(text);
    }

    private String text(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw ApiError.tooLarge(maxBytes);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw ApiError.badJson("the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw ApiError.tooLarge(maxBytes);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode parse(String text) {
        if (text.isBlank()) {
            throw ApiError.badJson("the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw ApiError.badJson("the request body is not valid JSON" + position + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badJson("the request body must be a JSON object, not " + describe(node));
        }
        return node;
    }

    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
