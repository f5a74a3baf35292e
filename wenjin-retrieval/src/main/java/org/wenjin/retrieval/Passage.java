package org.wenjin.retrieval;

/**
 * One retrieved chunk of a source document, with where it came from.
 *
 * @param chunkId stable while the chunk's source, position and text are unchanged; pass it to
 *     {@link DocumentIndex#passage(String)} to fetch the passage again
 * @param source the source it came from: an absolute file path, or the name given to
 *     {@link DocumentIndex#ingestText(String, String, String)}
 * @param title the document's title
 * @param section the heading trail inside the document ("Training > Data"), empty before the first
 *     heading under the title
 * @param text the passage text as it appears in the source, markup removed
 * @param score relevance to the query in [0, 1]: in BM25 mode comparable across queries, in vector mode
 *     the cosine similarity, in hybrid mode the fused rank score (see {@link DocumentIndex#search(String, int)}
 *     and {@link org.wenjin.retrieval.index.PassageSearch}); 0 for passages fetched by id or context
 */
public record Passage(String chunkId, String source, String title, String section, String text, double score) {
}
