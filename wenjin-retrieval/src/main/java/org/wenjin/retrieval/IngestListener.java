package org.wenjin.retrieval;

/** Hears about each source as ingestion gets to it, so a caller can show progress. */
@FunctionalInterface
public interface IngestListener {

    IngestListener NONE = event -> { };

    void onSource(IngestEvent event);

    /**
     * Called once per {@link DocumentIndex#ingest} call, after the folders are listed and before the
     * first file is read: how many files it will go through (each then reported to {@link #onSource}).
     */
    default void onStart(int files) {
    }
}
