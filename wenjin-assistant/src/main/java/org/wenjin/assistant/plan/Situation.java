package org.wenjin.assistant.plan;

import java.util.List;
import java.util.Optional;
import org.wenjin.assistant.clarify.Ambiguity;

/**
 * What a planner knows about a turn before deciding what to do.
 *
 * @param question the standalone question
 * @param entities the names of the graph's entities the question mentions
 * @param directAnswerAvailable whether the graph answers the question outright
 * @param modelAvailable whether a generative model is configured
 * @param ambiguity a name the question leaves open between several entities, or empty
 */
public record Situation(String question, List<String> entities, boolean directAnswerAvailable, boolean modelAvailable,
                        Optional<Ambiguity> ambiguity) {
    public Situation {
        entities = List.copyOf(entities);
    }

    public int linkedEntities() {
        return entities.size();
    }
}
