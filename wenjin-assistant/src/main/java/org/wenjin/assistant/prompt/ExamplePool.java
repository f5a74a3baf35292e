package org.wenjin.assistant.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wenjin.assistant.text.QueryTerms;

/**
 * Few-shot examples for one task and language, one JSON object a line ({@code {"input": "…", "output": "…"}}),
 * from which a prompt takes those nearest the question at hand: the task-level instruction comes from a
 * template, the sample-level content from the examples that look most like this sample.
 */
public final class ExamplePool {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One solved sample: what the model is shown and what it should answer. */
    public record Example(String input, String output) {
    }

    private final String origin;
    private final List<Example> examples;

    private ExamplePool(String origin, List<Example> examples) {
        this.origin = origin;
        this.examples = List.copyOf(examples);
    }

    /**
     * Reads a pool; blank lines are skipped.
     *
     * @param origin the file's name, for errors
     * @throws IllegalArgumentException naming the file and line of the first line that is not an example
     */
    public static ExamplePool parse(String origin, String content) {
        List<Example> examples = new ArrayList<>();
        String[] lines = content.replace("\r\n", "\n").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = origin + ", line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            for (String field : List.of("input", "output")) {
                if (node == null || !node.path(field).isTextual() || node.path(field).asText().isBlank()) {
                    throw new IllegalArgumentException(where + ": the field '" + field + "' must be a non-empty string");
                }
            }
            examples.add(new Example(node.get("input").asText(), node.get("output").asText()));
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(origin + ": the pool has no examples");
        }
        return new ExamplePool(origin, examples);
    }

    public String origin() {
        return origin;
    }

    public List<Example> all() {
        return examples;
    }

    /**
     * The {@code k} examples whose input shares the largest part of its terms with {@code text} (Jaccard over
     * the terms of {@link QueryTerms}), best first; among equals, the pool's order.
     */
    public List<Example> nearest(String text, int k) {
        Set<String> terms = QueryTerms.of(text);
        record Scored(Example example, int order, double similarity) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Set<String> other = QueryTerms.of(examples.get(i).input());
            Set<String> union = new HashSet<>(terms);
            union.addAll(other);
            long shared = other.stream().filter(terms::contains).count();
            scored.add(new Scored(examples.get(i), i, union.isEmpty() ? 0 : (double) shared / union.size()));
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::similarity).reversed().thenComparingInt(Scored::order))
                .limit(k).map(Scored::example).toList();
    }
}
