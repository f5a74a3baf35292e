package org.wenjin.train.data;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An input file as a training run used it. The SHA-256 goes into the run directory so that a run can be
 * reproduced from it alone, and a changed file is noticed.
 *
 * @param sha256 the file's SHA-256, 64 lower-case hex digits, of exactly the bytes that were read
 * @param records the records that became examples
 * @param skipped the records that were reported as problems and left out
 */
public record DataSource(Path path, String sha256, int records, int skipped) {
    public DataSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256 + "'");
        }
        if (records < 0 || skipped < 0) {
            throw new IllegalArgumentException("negative counts: " + records + " records, " + skipped + " skipped");
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
