package org.wenjin.retrieval;

/** Hears about each source as ingestion gets to it, so a caller can show progress. */
@FunctionalInterface
public interface IngestListener {

    IngestListener NONE = event -> { };

    void onSource(IngestEvent event);
}
