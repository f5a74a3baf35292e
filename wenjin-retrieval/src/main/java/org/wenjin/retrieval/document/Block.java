package org.wenjin.retrieval.document;

/**
 * One paragraph-level unit of a document: a paragraph, a list, a table or a code block.
 *
 * @param sectionNumber increases at every heading, so two blocks belong to the same section exactly
 *     when their numbers are equal (even if two sections share a heading text)
 * @param section the heading trail the block sits under, without the document title ("Training > Data");
 *     empty before the first heading
 * @param text the block's text with markup removed
 * @param layout how the text may be cut when it is too long for one chunk
 */
public record Block(int sectionNumber, String section, String text, Layout layout) {

    public enum Layout {
        /** Running text: cut between sentences. */
        PROSE,
        /** Lists, tables and code, where each line stands alone: cut between lines. */
        LINES
    }
}
