package org.wenjin.media.poster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.stream.Collectors;
import org.wenjin.media.MediaException;

/**
 * What a poster says and how it looks, as a model or a template writes it. Every field is checked on
 * construction and a bad one is named ({@code poster.points[2]: ...}), so a model's JSON can be sent back to it
 * with the error to fix.
 *
 * @param subtitle may be null
 * @param date     free text such as "2026年5月12日", may be null
 */
public record PosterSpec(String title, String subtitle, List<String> points, String date, Palette colors,
                         BackgroundStyle background, PosterTemplate template, int width, int height) {
    public static final int MAX_TITLE = 60;
    public static final int MAX_SUBTITLE = 120;
    public static final int MAX_POINTS = 8;
    public static final int MAX_POINT = 100;
    /** 3:4 portrait at 1080 px wide, the common size for a phone screen and social media. */
    public static final int DEFAULT_WIDTH = 1080;
    public static final int DEFAULT_HEIGHT = 1440;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .build();

    public PosterSpec {
        title = required("title", title, MAX_TITLE);
        subtitle = optional("subtitle", subtitle, MAX_SUBTITLE);
        date = optional("date", date, 40);
        points = points == null ? List.of() : List.copyOf(points.stream().map(p -> p == null ? "" : p).toList());
        if (points.size() > MAX_POINTS) {
            throw new MediaException("poster.points: " + points.size() + " points, at most " + MAX_POINTS);
        }
        for (int i = 0; i < points.size(); i++) {
            required("points[" + i + "]", points.get(i), MAX_POINT);
        }
        points = points.stream().map(String::strip).toList();
        colors = colors == null ? Palette.DEFAULT : colors;
        background = background == null ? BackgroundStyle.GRADIENT : background;
        template = template == null ? PosterTemplate.CENTERED : template;
        width = width == 0 ? DEFAULT_WIDTH : width;
        height = height == 0 ? DEFAULT_HEIGHT : height;
        if (width < 320 || width > 4096) {
            throw new MediaException("poster.width: " + width + " px is outside 320..4096");
        }
        if (height < 320 || height > 4096) {
            throw new MediaException("poster.height: " + height + " px is outside 320..4096");
        }
    }

    /** A poster with the default look: the centred template on a blue gradient, 1080×1440. */
    public static PosterSpec of(String title, String subtitle, List<String> points, String date) {
        return new PosterSpec(title, subtitle, points, date, null, null, null, 0, 0);
    }

    public PosterSpec withTemplate(PosterTemplate template) {
        return new PosterSpec(title, subtitle, points, date, colors, background, template, width, height);
    }

    public PosterSpec withBackground(BackgroundStyle background) {
        return new PosterSpec(title, subtitle, points, date, colors, background, template, width, height);
    }

    /**
     * Reads the JSON form: {@code {"title": "...", "subtitle": "...", "points": ["..."], "date": "...",
     * "colors": {"background": "#0B3D91", "text": "#FFFFFF", "accent": "#FFB300"}, "background": "gradient",
     * "template": "banner", "width": 1080, "height": 1440}}; only the title is required.
     */
    public static PosterSpec fromJson(String json) {
        try {
            return JSON.readValue(json, Json.class).toSpec();
        } catch (UnrecognizedPropertyException e) {
            throw new MediaException("poster" + path(e) + ": unknown field; known fields are "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof MediaException cause) {
                throw cause;
            }
            if (e.getCause() instanceof StreamReadException syntax) {
                throw notJson(syntax);
            }
            throw new MediaException("poster" + path(e) + ": " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    private static MediaException notJson(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" (for ");
        return new MediaException("poster: not valid JSON: " + (detail > 0 ? message.substring(0, detail) : message)
                + locationOf(e));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** The JSON shape, with enum names in lower case. */
    private record Json(String title, String subtitle, List<String> points, String date, Palette colors,
                        String background, String template, Integer width, Integer height) {
        PosterSpec toSpec() {
            return new PosterSpec(title, subtitle, points, date, colors,
                    parse("background", background, BackgroundStyle.class),
                    parse("template", template, PosterTemplate.class),
                    width == null ? 0 : width, height == null ? 0 : height);
        }

        private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
            if (value == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.strip())) {
                    return constant;
                }
            }
            throw new MediaException("poster." + field + ": '" + value + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new MediaException("poster." + field + ": must not be empty");
        }
        return optional(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length > max) {
            throw new MediaException("poster." + field + ": " + length + " characters, at most " + max);
        }
        return stripped;
    }
}
