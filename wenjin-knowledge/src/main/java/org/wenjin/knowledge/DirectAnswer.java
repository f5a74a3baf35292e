package org.wenjin.knowledge;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An answer the graph gives by itself, without a language model.
 *
 * @param text one or two sentences in the question's language, made only from {@code facts}
 * @param facts the facts the sentence states, in the order it states them
 */
public record DirectAnswer(String text, List<Fact> facts) {
    public DirectAnswer {
        facts = List.copyOf(facts);
    }

    /** The text followed by the ids of the facts it rests on: {@code 文心一言的开发者是百度。[F3c9a…]}. */
    public String citedText() {
        return text + facts.stream().map(f -> "[" + f.id() + "]").distinct().collect(Collectors.joining());
    }
}
