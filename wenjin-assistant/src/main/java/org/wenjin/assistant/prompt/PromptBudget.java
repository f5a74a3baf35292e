package org.wenjin.assistant.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fits the parts of a prompt into the model's context by priority. The caller goes through the parts in
 * priority order: a part that must be there is {@linkplain #require required}; a part made of items
 * (memories, facts, passages, turns) is {@linkplain #offer offered} with a limit, and its items are taken
 * in order while they fit under both the limit and what remains. What a part does not use is left for the
 * parts after it. Every part's outcome is kept as a {@link Decision}, which the trace shows.
 * Counting uses the model's own tokenizer (or, for a remote model, its estimate).
 */
public final class PromptBudget {
    private final ToIntFunction<String> tokenCounter;
    private final int total;
    private int remaining;
    private final List<Decision> decisions = new ArrayList<>();

    /** What became of one part of the prompt: how many items were offered and kept, and their tokens. */
    public record Decision(String part, int offered, int kept, int tokens, int limit) {
        public String describe() {
            return part + ": " + (offered == kept ? "all " + kept : kept + " of " + offered) + " kept, "
                    + tokens + " tokens (limit " + limit + ")";
        }
    }

    public PromptBudget(int tokens, ToIntFunction<String> tokenCounter) {
        this.total = tokens;
        this.remaining = tokens;
        this.tokenCounter = tokenCounter;
    }

    public int count(String text) {
        return tokenCounter.applyAsInt(text);
    }

    /** Takes a part that must be in the prompt, returning whether it fit (nothing is taken when it does not). */
    public boolean require(String part, int tokens) {
        boolean fits = tokens <= remaining;
        decisions.add(new Decision(part, 1, fits ? 1 : 0, fits ? tokens : 0, remaining));
        if (fits) {
            remaining -= tokens;
        }
        return fits;
    }

    /**
     * Takes the longest prefix of {@code items} whose costs fit within {@code limit} and what remains; the
     * first item that does not fit ends the part, so a lower-ranked item never displaces a better one.
     */
    public <T> List<T> offer(String part, List<T> items, ToIntFunction<T> cost, int limit) {
        int allowed = Math.min(limit, remaining);
        List<T> taken = new ArrayList<>();
        int used = 0;
        for (T item : items) {
            int tokens = cost.applyAsInt(item);
            if (used + tokens > allowed) {
                break;
            }
            used += tokens;
            taken.add(item);
        }
        remaining -= used;
        if (!items.isEmpty()) {
            decisions.add(new Decision(part, items.size(), taken.size(), used, allowed));
        }
        return taken;
    }

    public int remaining() {
        return remaining;
    }

    public int used() {
        return total - remaining;
    }

    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }
}
