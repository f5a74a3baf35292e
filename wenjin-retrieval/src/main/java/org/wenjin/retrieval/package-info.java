/**
 * Document retrieval: files and text in, cited passages out.
 *
 * <p>{@link org.wenjin.retrieval.DocumentIndex} is the public surface, with the records it takes and
 * gives ({@link org.wenjin.retrieval.SearchRequest}, {@link org.wenjin.retrieval.Passage},
 * {@link org.wenjin.retrieval.IngestReport}, {@link org.wenjin.retrieval.SourceInfo}). A file goes
 * through one step per package:
 * <ol>
 *   <li>{@code document}: bytes to a title and blocks under headings, one parser per format, chosen by
 *       extension in {@code DocumentFormats}; {@code TextDecoder} works out the encoding of text files,
 *       and Apache Tika reads PDF, Office, OpenDocument, EPUB and RTF ({@code TikaParser}), whose pages
 *       and slides become sections;
 *   <li>{@code chunk}: blocks to chunks of about 300 tokens that follow headings, paragraphs and sentences;
 *   <li>{@code embed}: chunks and questions to dense vectors with bge-small-zh-v1.5, when the index keeps them;
 *   <li>{@code index}: chunks to Lucene documents with a Chinese and an English field and an HNSW vector
 *       field, and questions to passages ({@code PassageSearch}): BM25 candidates ({@code PassageQuery},
 *       scored in [0, 1]), vector candidates, reciprocal rank fusion ({@code RankFusion}), near
 *       duplicates dropped ({@code NearDuplicates}), maximal marginal relevance on request.
 * </ol>
 *
 * <p>Where the design leaves room to grow: another format is one more {@code DocumentParser}; a
 * cross-encoder reranker would rescore the pool in {@code PassageSearch} before MMR; another embedding
 * model is another class beside {@code BgeSmallZh}, named in the index fingerprint so that a change
 * re-embeds every source; a remote engine such as OpenSearch would take the place of the Lucene writer
 * and searcher inside {@code DocumentIndex}, behind the same methods.
 */
package org.wenjin.retrieval;
