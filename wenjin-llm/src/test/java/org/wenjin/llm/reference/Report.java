package org.wenjin.llm.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of one test run against llama.cpp, one line per comparison, in
 * {@code target/reference-agreement.txt}: how far greedy runs follow each other, how close the
 * probabilities are, which comparisons were skipped and why.
 */
final class Report {

    private static final Path FILE = Path.of("target", "reference-agreement.txt");
    private static boolean started;

    private Report() {}

    static synchronized void line(String format, Object... args) {
        try {
            Files.createDirectories(FILE.getParent());
            StandardOpenOption mode = started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            started = true;
            Files.writeString(FILE, String.format(format, args) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
