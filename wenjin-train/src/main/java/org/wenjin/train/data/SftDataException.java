package org.wenjin.train.data;

import java.util.List;

/**
 * Training data that cannot be used at all: a missing or unreadable file, or one without a single usable
 * record. The message names the file and the first problems; {@link #problems()} has all of them.
 */
public final class SftDataException extends RuntimeException {
    private final List<DataProblem> problems;

    public SftDataException(String message, List<DataProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public SftDataException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    public List<DataProblem> problems() {
        return problems;
    }
}
