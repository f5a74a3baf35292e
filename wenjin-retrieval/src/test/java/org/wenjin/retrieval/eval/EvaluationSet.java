package org.wenjin.retrieval.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Questions with the sources that answer them, read from a tab-separated resource: the question, a tab,
 * then the relevant sources separated by commas; lines starting with # are comments.
 */
record EvaluationSet(String name, List<Question> questions) {

    record Question(String text, Set<String> relevant) {
    }

    /** The source a question names first, which decides the half of a split by document. */
    static String firstRelevant(Question question) {
        return question.relevant().iterator().next();
    }

    static EvaluationSet chinese() {
        return load("Chinese", "questions-zh.tsv");
    }

    static EvaluationSet english() {
        return load("English", "questions-en.tsv");
    }

    static EvaluationSet load(String name, String resource) {
        String text = EvaluationCollection.read(resource);
        List<Question> questions = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new IllegalStateException(resource + " line " + (i + 1) + ": expected a question, a tab and sources: " + line);
            }
            questions.add(new Question(fields[0].strip(),
                    new LinkedHashSet<>(Arrays.stream(fields[1].split(",")).map(String::strip).toList())));
        }
        return new EvaluationSet(name, List.copyOf(questions));
    }

    static byte[] bytes(InputStream in, String resource) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    static String utf8(InputStream in, String resource) {
        return new String(bytes(in, resource), StandardCharsets.UTF_8);
    }
}
