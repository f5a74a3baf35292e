package org.wenjin.llm.generate;

/**
 * Receives a generation as it happens, on the generating thread. {@link #onToken} sees every generated
 * token id (end-of-generation tokens excluded); {@link #onText} sees the decoded text once it is final:
 * text that might begin a stop string is held back until it is known not to, and a stop string itself is
 * never passed on.
 */
public interface GenerationListener {
    GenerationListener NONE = new GenerationListener() { };

    default void onToken(int token) {
    }

    default void onText(String text) {
    }
}
