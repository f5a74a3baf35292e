package org.wenjin.assistant.plan;

import java.util.Optional;
import org.wenjin.assistant.clarify.Ambiguity;

/**
 * What a planner knows about a turn before deciding what to do.
 *
 * @param question the standalone question
 * @param linkedEntities how many entities of the graph the question mentions
 * @param directAnswerAvailable whether the graph answers the question outright
 * @param modelAvailable whether a generative model is configured
 * @param ambiguity a name the question leaves open between several entities, or empty
 */
public record Situation(String question, int linkedEntities, boolean directAnswerAvailable, boolean modelAvailable,
                        Optional<Ambiguity> ambiguity) {
}
