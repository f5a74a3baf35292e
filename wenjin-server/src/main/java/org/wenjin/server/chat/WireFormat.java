package org.wenjin.server.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.wenjin.assistant.AnswerMode;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.Trace;
import org.wenjin.store.Rating;

/**
 * How Wenjin's objects look as JSON on the wire and in the store: snake_case field names (as in the OpenAI
 * API), ISO-8601 times, enums by their lower-case wire names.
 */
public final class WireFormat {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("wenjin")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(AnswerMode.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(AnswerMode value, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(value.wireName());
                        }
                    })
                    .addSerializer(Rating.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Rating value, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(value.wireName());
                        }
                    }))
            .build();

    private WireFormat() {
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON is unreadable", e);
        }
    }

    public static String citations(List<Citation> citations) {
        return toJson(citations);
    }

    public static String trace(Trace trace) {
        return toJson(trace);
    }
}
