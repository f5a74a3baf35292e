package org.wenjin.knowledge;

/**
 * How far an import has got.
 *
 * @param phase what the import is doing
 * @param source the file being read, or null once every file has been read
 * @param done bytes read so far over every file of the import
 * @param total bytes in every file of the import
 */
public record ImportProgress(Phase phase, String source, long done, long total) {

    public enum Phase {
        /** Parsing the files; {@code done} grows towards {@code total}. */
        READING,
        /** Every file parsed: writing the statements and deriving what the rules imply, in one transaction. */
        COMMITTING,
        /** Committed. */
        DONE
    }
}
