package org.wenjin.llm.gguf;

import java.nio.file.Path;

/**
 * A GGUF file is malformed, or lacks or mistypes something its reader asked for. The message names
 * the file, the field and the byte offset where the problem is.
 */
public final class GgufFormatException extends RuntimeException {

    private final Path file;
    private final long offset;

    /**
     * @param file the file, or null for data not read from a file
     * @param offset the byte offset of the field, or -1 where no single offset applies
     * @param problem what is wrong, naming the field
     */
    public GgufFormatException(Path file, long offset, String problem) {
        super((file == null ? "GGUF data" : file.toString())
                + (offset >= 0 ? " at byte " + offset : "") + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** The file, or null. */
    public Path file() {
        return file;
    }

    /** The byte offset of the offending field, or -1. */
    public long offset() {
        return offset;
    }
}
