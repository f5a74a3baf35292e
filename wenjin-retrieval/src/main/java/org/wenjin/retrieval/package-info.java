/**
 * Document retrieval: files and text in, cited passages out.
 *
 * <p>{@link org.wenjin.retrieval.DocumentIndex} is the whole public surface. A file goes through one
 * step per package:
 * <ol>
 *   <li>{@code document}: bytes to a title and blocks under headings, one parser per format, chosen by
 *       extension in {@code DocumentFormats}; {@code TextDecoder} works out the encoding of text files,
 *       and Apache Tika reads PDF, Office, OpenDocument, EPUB and RTF ({@code TikaParser}), whose pages
 *       and slides become sections;
 *   <li>{@code chunk}: blocks to chunks of about 300 tokens that follow headings, paragraphs and sentences;
 *   <li>{@code index}: chunks to Lucene documents with a Chinese and an English field, and questions to
 *       one query over both whose score lies in [0, 1]; near-duplicate passages are dropped.
 * </ol>
 *
 * <p>Where the design leaves room to grow: another format is one more {@code DocumentParser}; dense vectors are one more field in {@code IndexSchema} and one
 * more clause list mixed into the query next to the two lexical ones in {@code PassageQuery}; a remote
 * engine such as OpenSearch would take the place of the Lucene writer and searcher inside
 * {@code DocumentIndex}, behind the same methods.
 */
package org.wenjin.retrieval;
