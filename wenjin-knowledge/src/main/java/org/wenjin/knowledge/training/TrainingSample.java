package org.wenjin.knowledge.training;

import java.util.List;
import org.wenjin.knowledge.text.Language;

/**
 * One question about the graph and the answer a model should learn to give.
 *
 * @param subject the IRI of the entity asked about
 * @param predicates the IRIs of the predicates asked for: one, or two in a row for a path
 * @param factIds the statements the answer rests on; empty for a negative sample
 */
public record TrainingSample(Kind kind, Language language, String subject, List<String> predicates, String question,
                             String answer, List<String> factIds) {

    public enum Kind {
        /** The values of one predicate of one entity. */
        FACT,
        /** Two statements in a row: the value of a predicate of the value of another. */
        PATH,
        /** A predicate the entity has no value for: the answer says the graph does not know. */
        NEGATIVE
    }

    public TrainingSample {
        predicates = List.copyOf(predicates);
        factIds = List.copyOf(factIds);
    }
}
