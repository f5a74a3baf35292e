package org.wenjin.retrieval;

import java.time.Instant;

/**
 * One indexed source.
 *
 * @param source an absolute file path, or the name given to {@link DocumentIndex#ingestText}
 * @param title the document's title
 * @param chunks how many chunks it was cut into
 * @param sha256 hex SHA-256 of the bytes that were indexed; ingestion compares it to skip unchanged files
 * @param modified the file's last-modified time, or when the text was ingested
 */
public record SourceInfo(String source, String title, int chunks, String sha256, Instant modified) {
}
