package org.wenjin.assistant.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fits pieces of a prompt into the model's context by priority: the caller offers pieces in priority
 * order and each is taken whole while it fits. Counting uses the model's own tokenizer (or its estimate).
 */
public final class PromptBudget {
    private final ToIntFunction<String> tokenCounter;
    private int remaining;

    public PromptBudget(int tokens, ToIntFunction<String> tokenCounter) {
        this.remaining = tokens;
        this.tokenCounter = tokenCounter;
    }

    /** Takes the text if it fits, returning whether it did. */
    public boolean take(String text) {
        int cost = tokenCounter.applyAsInt(text);
        if (cost > remaining) {
            return false;
        }
        remaining -= cost;
        return true;
    }

    /** Takes the longest prefix of {@code items} (in order) whose rendered texts fit. */
    public <T> List<T> takeWhileFits(List<T> items, java.util.function.Function<T, String> render) {
        List<T> taken = new ArrayList<>();
        for (T item : items) {
            if (!take(render.apply(item))) {
                break;
            }
            taken.add(item);
        }
        return taken;
    }

    public int remaining() {
        return remaining;
    }
}
