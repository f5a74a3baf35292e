package org.wenjin.retrieval;

import java.util.List;

/**
 * What one call to {@link DocumentIndex#ingest} did.
 *
 * @param files sources indexed or re-indexed (unchanged ones are not counted)
 * @param chunks chunks written for those sources
 * @param skipped files that could not be indexed, each with the reason
 */
public record IngestReport(int files, int chunks, List<SkippedFile> skipped) {

    public IngestReport {
        skipped = List.copyOf(skipped);
    }
}
