package org.wenjin.knowledge.extraction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the statements out of a model's reply, which a model does not always write as asked: the JSON may
 * sit in a Markdown code fence or after a sentence of prose, use single quotes, trailing commas or comments,
 * be a bare array rather than {@code {"triples": [...]}}, or give a statement as {@code ["s", "p", "o"]}.
 * The first JSON value in the reply that holds statements is read; whatever cannot be read is reported with
 * the reason, never guessed at.
 */
public final class ModelReply {
    /** Attempts at finding a JSON value in a reply that starts with prose containing braces. */
    private static final int STARTS_TRIED = 50;
    private static final int SHOWN = 80;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build());
    private static final List<String> LISTS = List.of("triples", "facts", "statements", "relations");
    private static final Map<String, List<String>> FIELDS = Map.of(
            "subject", List.of("subject", "s", "head", "主语", "主体"),
            "predicate", List.of("predicate", "p", "relation", "property", "谓语", "关系"),
            "object", List.of("object", "o", "tail", "value", "宾语", "客体"),
            "subject_type", List.of("subject_type", "subjecttype", "subject_class"),
            "object_type", List.of("object_type", "objecttype", "object_class"));

    /** Something in the reply that is not a usable statement. */
    public record Problem(String offered, String reason) {
    }

    /** The statements read, and what could not be read. */
    public record Parsed(List<CandidateTriple> triples, List<Problem> problems) {
    }

    private ModelReply() {
    }

    public static Parsed parse(String reply) {
        List<CandidateTriple> triples = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        JsonNode statements = statements(reply);
        if (statements == null) {
            problems.add(new Problem(shown(reply), "the reply holds no JSON with statements; expected "
                    + "{\"triples\": [{\"subject\": ..., \"predicate\": ..., \"object\": ...}]}"));
            return new Parsed(triples, problems);
        }
        int number = 0;
        for (JsonNode element : statements) {
            number++;
            read(element, number, triples, problems);
        }
        return new Parsed(triples, problems);
    }

    /** The array of statements in the first JSON value of the reply that has one. */
    private static JsonNode statements(String reply) {
        int tried = 0;
        for (int at = 0; at < reply.length() && tried < STARTS_TRIED; at++) {
            char c = reply.charAt(at);
            if (c != '{' && c != '[') {
                continue;
            }
            tried++;
            JsonNode value = firstValue(reply.substring(at));
            JsonNode list = value == null ? null : listIn(value);
            if (list != null) {
                return list;
            }
        }
        return null;
    }

    private static JsonNode firstValue(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            return parser.readValueAsTree();
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode listIn(JsonNode value) {
        if (value.isArray()) {
            return value;
        }
        if (!value.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (LISTS.contains(field.getKey().toLowerCase(Locale.ROOT)) && field.getValue().isArray()) {
                return field.getValue();
            }
        }
        if (field(value, "subject") != null && field(value, "predicate") != null) {
            return JSON.createArrayNode().add(value);  // one statement, not in a list
        }
        return null;
    }

    private static void read(JsonNode element, int number, List<CandidateTriple> triples, List<Problem> problems) {
        String offered = shown(element.toString());
        String subject;
        String predicate;
        String object;
        String subjectType = null;
        String objectType = null;
        if (element.isArray()) {
            if (element.size() != 3) {
                problems.add(new Problem(offered, "statement " + number + " is a list of " + element.size()
                        + " items; expected [subject, predicate, object]"));
                return;
            }
            subject = text(element.get(0));
            predicate = text(element.get(1));
            object = text(element.get(2));
        } else if (element.isObject()) {
            subject = text(field(element, "subject"));
            predicate = text(field(element, "predicate"));
            object = text(field(element, "object"));
            subjectType = text(field(element, "subject_type"));
            objectType = text(field(element, "object_type"));
        } else {
            problems.add(new Problem(offered, "statement " + number + " is not an object or a list"));
            return;
        }
        for (String[] part : new String[][] {{"subject", subject}, {"predicate", predicate}, {"object", object}}) {
            if (part[1] == null || part[1].isBlank()) {
                problems.add(new Problem(offered, "statement " + number + " has no " + part[0] + " (or it is not text)"));
                return;
            }
        }
        triples.add(new CandidateTriple(number, subject.strip(), blankToNull(subjectType), predicate.strip(), object.strip(),
                blankToNull(objectType)));
    }

    private static JsonNode field(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (FIELDS.get(name).contains(field.getKey().strip().toLowerCase(Locale.ROOT))) {
                return field.getValue();
            }
        }
        return null;
    }

    /** A string, number or boolean as text; null for anything else. */
    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String shown(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= SHOWN ? line : line.substring(0, SHOWN) + "…";
    }
}
