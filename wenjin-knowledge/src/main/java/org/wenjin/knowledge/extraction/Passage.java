package org.wenjin.knowledge.extraction;

/**
 * A stretch of a document that is extracted from as one: a few paragraphs.
 *
 * @param source the name its statements are credited to: the document's file name, '#', and the start of
 *     the passage's hash, so an unchanged passage keeps its name wherever it moves in the document
 * @param text the passage
 * @param hash the SHA-256 of the text, in hex
 */
public record Passage(String document, String source, String text, String hash) {
}
