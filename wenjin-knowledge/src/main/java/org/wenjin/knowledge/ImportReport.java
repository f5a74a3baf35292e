package org.wenjin.knowledge;

import java.time.Duration;

/**
 * What one import did.
 *
 * @param source the name statements from this input are credited to (the file name)
 * @param triples distinct statements the input holds, now asserted by {@code source}
 * @param took the time from the first byte read to the commit, inference included
 */
public record ImportReport(String source, long triples, Duration took) {
}
