package org.wenjin.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.wenjin.model.GenerationOptions;

/**
 * The sampling fields of a request, named and bounded as in the OpenAI chat completion API: {@code max_tokens}
 * (or {@code max_completion_tokens}), {@code temperature} 0..2, {@code top_p} (0, 1], {@code seed} and
 * {@code stop} (a string or up to four strings).
 */
public final class SamplingFields {
    private static final int MAX_STOP_SEQUENCES = 4;

    private SamplingFields() {
    }

    /** The options the request asks for, or null when it sets none (the assistant's defaults apply). */
    public static GenerationOptions parse(Fields fields) {
        Long maxTokens = fields.optionalInteger("max_completion_tokens");
        String maxTokensField = "max_completion_tokens";
        if (maxTokens == null) {
            maxTokens = fields.optionalInteger("max_tokens");
            maxTokensField = "max_tokens";
        }
        Double temperature = fields.optionalNumber("temperature");
        Double topP = fields.optionalNumber("top_p");
        Long seed = fields.optionalInteger("seed");
        List<String> stop = stop(fields);
        if (maxTokens == null && temperature == null && topP == null && seed == null && stop == null) {
            return null;
        }
        GenerationOptions defaults = GenerationOptions.DEFAULTS;
        if (maxTokens != null && (maxTokens < 1 || maxTokens > Integer.MAX_VALUE)) {
            throw ApiError.badField(fields.path(maxTokensField), "'" + fields.path(maxTokensField)
                    + "' must be a positive integer, was " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw ApiError.badField(fields.path("temperature"), "'" + fields.path("temperature")
                    + "' must be between 0 and 2, was " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw ApiError.badField(fields.path("top_p"), "'" + fields.path("top_p")
                    + "' must be greater than 0 and at most 1, was " + topP);
        }
        return new GenerationOptions(
                maxTokens == null ? defaults.maxTokens() : maxTokens.intValue(),
                temperature == null ? defaults.temperature() : temperature,
                topP == null ? defaults.topP() : topP,
                seed,
                stop == null ? defaults.stop() : stop);
    }

    private static List<String> stop(Fields fields) {
        JsonNode value = fields.node("stop");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return nonEmpty(fields.path("stop"), value.textValue());
        }
        if (!value.isArray()) {
            throw fields.wrongType("stop", "a string or an array of strings", value);
        }
        if (value.size() > MAX_STOP_SEQUENCES) {
            throw ApiError.badField(fields.path("stop"), "'" + fields.path("stop") + "' may hold at most "
                    + MAX_STOP_SEQUENCES + " sequences, not " + value.size());
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String path = fields.path("stop") + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw ApiError.badField(path, "'" + path + "' must be a string, not " + JsonBody.describe(item));
            }
            stop.addAll(nonEmpty(path, item.textValue()));
        }
        return stop;
    }

    private static List<String> nonEmpty(String path, String text) {
        if (text.isEmpty()) {
            throw ApiError.badField(path, "'" + path + "' must not be an empty string");
        }
        return List.of(text);
    }
}
