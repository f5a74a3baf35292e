package org.wenjin.knowledge;

/**
 * A fact for a question and how relevant the ranking found it: the entity link's score times how much of the
 * predicate's label the question says (plus a base for any fact about a named entity), halved one step out.
 */
public record RankedFact(Fact fact, double score) {
}
