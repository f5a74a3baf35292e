package org.wenjin.train.data;

import java.util.Objects;

/**
 * Why a record was skipped, truncated or dropped, and where it came from ({@code file:line} for JSONL),
 * so that the command line can list them.
 */
public record DataProblem(String origin, String message) {
    public DataProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return origin + ": " + message;
    }
}
