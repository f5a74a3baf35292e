package org.wenjin.retrieval;

/**
 * What ingestion did with one source, reported as it happens.
 *
 * @param source the absolute path (or text source name)
 * @param kind what happened
 * @param chunks chunks written, for {@link Kind#INDEXED}; otherwise 0
 * @param reason why it was skipped, for {@link Kind#SKIPPED}; otherwise empty
 */
public record IngestEvent(String source, Kind kind, int chunks, String reason) {

    public enum Kind {
        /** New or changed: its chunks were (re)written. */
        INDEXED,
        /** Same content hash as the indexed version: nothing was written. */
        UNCHANGED,
        /** Could not be read or parsed; an indexed earlier version, if any, is kept. */
        SKIPPED,
        /** Indexed before, but no longer in a folder that was ingested again: its chunks were removed. */
        REMOVED
    }
}
