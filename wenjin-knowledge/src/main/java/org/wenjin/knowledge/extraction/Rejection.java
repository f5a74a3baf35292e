package org.wenjin.knowledge.extraction;

/**
 * Something a model's reply offered that did not enter the graph, and why.
 *
 * @param passage the source name of the passage it was extracted from ({@code report.md#3f2a...})
 * @param offered the statement as offered, or the start of a reply that held none
 * @param reason what is wrong with it
 */
public record Rejection(String passage, String offered, String reason) {
}
