package org.wenjin.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether an indexed source still matches what it was indexed from. Only sources that are file paths can
 * drift; uploads, demo documents and other named texts are what was indexed.
 */
public enum SourceStatus {
    /** The index holds the source as it is. */
    INDEXED,
    /** The file's content differs from the indexed content: ingesting it again will replace its chunks. */
    CHANGED,
    /** The file is gone; its chunks stay searchable until the source is removed or its folder ingested again. */
    MISSING;

    /**
     * Compares a file source with what was indexed: by last-modified time (to the millisecond, as the index keeps
     * it), and only when that differs by content, so that listing many sources reads only the files touched since.
     */
    public static SourceStatus of(SourceInfo info) {
        Path file;
        try {
            file = Path.of(info.source());
        } catch (InvalidPathException e) {
            return INDEXED;
        }
        if (!file.isAbsolute()) {
            return INDEXED;  // "upload:report.pdf", "demo:bert.md": not a path on this machine
        }
        if (!Files.isRegularFile(file)) {
            return MISSING;
        }
        try {
            if (Files.getLastModifiedTime(file).toMillis() == info.modified().toEpochMilli()) {
                return INDEXED;
            }
            if (Files.size(file) > DocumentIndex.MAX_FILE_BYTES) {
                return CHANGED;
            }
            return DocumentIndex.sha256(Files.readAllBytes(file)).equals(info.sha256()) ? INDEXED : CHANGED;
        } catch (IOException e) {
            return MISSING;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
