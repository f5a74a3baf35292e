package org.wenjin.server.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads typed fields from a JSON request object, failing with a 400 that names the field and says what was
 * expected and what came.
 */
public final class Fields {
    private final JsonNode object;
    private final String prefix;

    private Fields(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    public static Fields of(JsonNode object) {
        return new Fields(object, "");
    }

    /** Fields of a nested object; errors name it as {@code path.field}. */
    public static Fields of(JsonNode object, String path) {
        return new Fields(object, path + ".");
    }

    public boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode node(String field) {
        return object.get(field);
    }

    public String path(String field) {
        return prefix + field;
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw ApiError.badField(path(field), "'" + path(field) + "' is required");
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    public Boolean optionalBoolean(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    public Long optionalInteger(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    public Double optionalNumber(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number", value);
        }
        return value.doubleValue();
    }

    public ApiError wrongType(String field, String expected, JsonNode value) {
        return ApiError.badField(path(field), "'" + path(field) + "' must be " + expected + ", not "
                + JsonBody.describe(value));
    }
}
