package org.wenjin.assistant.rewrite;

/**
 * A turn made standalone: the question as the user typed it, as rewritten, and why (empty when the turn
 * needed no rewriting).
 */
public record Rewrite(String original, String question, String reason) {
    public static Rewrite unchanged(String question) {
        return new Rewrite(question, question, "");
    }

    public boolean changed() {
        return !original.equals(question);
    }
}
