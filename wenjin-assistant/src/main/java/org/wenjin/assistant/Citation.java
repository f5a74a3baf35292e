package org.wenjin.assistant;

/**
 * A numbered source an answer points at with {@code [n]}: a document passage or a knowledge-graph fact.
 *
 * @param number the {@code n} of {@code [n]} in the answer text
 * @param kind {@code passage} or {@code fact}
 * @param sourceId a chunk id for a passage, a fact id for a fact
 * @param source the file or graph the text came from
 * @param title a human-readable title of the source
 * @param text the passage or the fact as shown to the model
 */
public record Citation(int number, String kind, String sourceId, String source, String title, String text) {
}
