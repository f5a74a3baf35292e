package org.wenjin.assistant.clarify;

import java.util.List;

/**
 * A name in a question that several entities of the graph share, with nothing in the question to tell
 * which one is meant.
 *
 * @param name the name as the question writes it
 * @param start offset of the name in the question
 * @param end offset just past the name
 * @param senses the entities it may mean, in a stable order (the order they are offered to the user)
 */
public record Ambiguity(String name, int start, int end, List<Sense> senses) {
    public Ambiguity {
        senses = List.copyOf(senses);
    }
}
