package org.wenjin.model;

/**
 * A finished reply. {@code prompt} is the exact text the model saw when the backend knows it (the
 * local engine renders the chat template itself); a remote backend gives the messages it sent.
 */
public record ChatResult(String text, FinishReason finishReason, int promptTokens, int completionTokens,
                         String prompt) {
}
