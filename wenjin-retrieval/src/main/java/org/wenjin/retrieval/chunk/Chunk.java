package org.wenjin.retrieval.chunk;

/**
 * A piece of a document sized for a prompt.
 *
 * @param ordinal position in the document, from 0
 * @param section the heading trail it belongs to, empty before the first heading
 * @param text whole blocks joined by blank lines, or a piece of one long block cut between sentences
 */
public record Chunk(int ordinal, String section, String text) {
}
