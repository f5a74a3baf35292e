package org.wenjin.retrieval;

/**
 * A file ingestion passed over.
 *
 * @param path the file's path as given or found
 * @param reason why, in words a person can act on ("not valid UTF-8 or GB18030 text at byte 1234")
 */
public record SkippedFile(String path, String reason) {
}
