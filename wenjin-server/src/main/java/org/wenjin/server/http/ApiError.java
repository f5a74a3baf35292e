package org.wenjin.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server refuses, with the HTTP status and the OpenAI error object it answers with:
 * {@code {"error": {"message", "type", "param", "code"}}}. Both APIs, /v1 and /api, use this shape.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public ApiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400: a field is missing or has a value that cannot be used; {@code field} is its JSON path. */
    public static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", field, message);
    }

    public static ApiError badJson(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_json", null, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, "invalid_request_error", code, null, message);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "the request body is larger than the limit of " + limit + " bytes");
    }

    public static ApiError overCapacity(int running, int queued) {
        return new ApiError(429, "rate_limit_error", "over_capacity", null, "the server is busy: " + running
                + " answers are being generated and " + queued + " are waiting; try again shortly");
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "server_error", "shutting_down", null, message);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", null, message);
    }

    /**
     * The error a failure is reported as: bad input (IllegalArgumentException, such as a question too long for
     * the model's context) is 400, a missing record 404, a failing model backend 502, anything else 500.
     */
    public static ApiError of(Throwable failure) {
        return switch (failure) {
            case ApiError api -> api;
            case java.util.NoSuchElementException missing -> notFound("not_found", missing.getMessage());
            case IllegalArgumentException bad -> badField(null, bad.getMessage());
            case org.wenjin.model.ModelException model ->
                    new ApiError(502, "server_error", "model_error", null, "the model failed: " + model.getMessage());
            default -> internal("internal error: " + failure.getClass().getSimpleName());
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ObjectNode toJson() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error);
        return body;
    }
}
