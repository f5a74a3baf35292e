package org.wenjin.llm.generate;

/** Thrown when a prompt does not fit the session's context and the caller did not allow truncation. */
public final class ContextOverflowException extends RuntimeException {
    private final int promptTokens;
    private final int contextSize;

    public ContextOverflowException(int promptTokens, int contextSize) {
        super("prompt of " + promptTokens + " tokens does not fit the context of " + contextSize
                + " tokens; shorten it, open a session with a larger context, or allow truncation from the left");
        this.promptTokens = promptTokens;
        this.contextSize = contextSize;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextSize() {
        return contextSize;
    }
}
