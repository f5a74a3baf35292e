package org.wenjin.assistant.memory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.prompt.PromptTemplates;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;

/**
 * The conversation so far, within a token budget: the most recent turns word for word, and the older
 * ones that no longer fit condensed — summarized by the model with the {@code summarize} template when
 * there is one, reduced to their key sentences otherwise (or when the model's summary is empty, too long, or
 * mostly words the conversation never used).
 */
public final class ShortTermMemory {
    /** Part of a budget too small for all turns that is kept for the summary of the older ones. */
    private static final int SUMMARY_SHARE = 4;
    private static final int MAX_SUMMARY_TOKENS = 256;

    private final PromptTemplates templates;

    public ShortTermMemory(PromptTemplates templates) {
        this.templates = templates;
    }

    /**
     * What of the conversation goes into a prompt.
     *
     * @param summary the older turns condensed, empty when every turn fits
     * @param recent the turns kept word for word, oldest first
     * @param condensed how many older turns the summary stands for
     * @param how how the summary was made, for the trace ({@code "model summary"}, {@code "key sentences"}, …)
     */
    public record Window(String summary, List<ChatMessage> recent, int condensed, String how) {
    }

    /**
     * @param cost what one turn costs in the prompt (its text and the chat template's framing)
     * @param model the model to summarize with, or null to condense without one
     */
    public Window fit(String question, List<ChatMessage> history, int tokens, ToIntFunction<ChatMessage> cost,
                      ToIntFunction<String> counter, ChatModel model) {
        int all = history.stream().mapToInt(cost).sum();
        if (all <= tokens) {
            return new Window("", history, 0, "");
        }
        int summaryTokens = Math.min(tokens / SUMMARY_SHARE, MAX_SUMMARY_TOKENS);
        List<ChatMessage> recent = new ArrayList<>();
        int used = 0;
        for (ChatMessage turn : history.reversed()) {
            int turnCost = cost.applyAsInt(turn);
            if (used + turnCost > tokens - summaryTokens) {
                break;
            }
            used += turnCost;
            recent.addFirst(turn);
        }
        List<ChatMessage> older = history.subList(0, history.size() - recent.size());
        int room = tokens - used;
        String how = "key sentences";
        String summary = null;
        if (model != null) {
            try {
                String written = summarize(question, older, Math.min(room, MAX_SUMMARY_TOKENS), model).strip();
                String fault = written.isEmpty() ? "empty" : counter.applyAsInt(written) > room ? "too long"
                        : !keepsToTheConversation(written, older) ? "not about the conversation" : null;
                if (fault == null) {
                    summary = written;
                    how = "model summary (summarize " + templates.get("summarize", Language.of(question)).version() + ")";
                } else {
                    how = "key sentences (the model's summary was " + fault + ")";
                }
            } catch (ModelException e) {
                how = "key sentences (the model could not summarize: " + e.getMessage() + ")";
            }
        }
        if (summary == null) {
            summary = new KeySentences().condense(question, older, room, counter);
        }
        return new Window(summary, recent, older.size(), how);
    }

    /** A summary adds nothing that was not said: most of its terms must come from the turns it condenses. */
    private static boolean keepsToTheConversation(String summary, List<ChatMessage> older) {
        Set<String> said = new HashSet<>();
        older.forEach(turn -> said.addAll(QueryTerms.of(turn.content())));
        Set<String> terms = QueryTerms.of(summary);
        long fromConversation = terms.stream().filter(said::contains).count();
        return !terms.isEmpty() && fromConversation * 2 >= terms.size();
    }

    private String summarize(String question, List<ChatMessage> older, int replyTokens, ChatModel model) {
        Language language = Language.of(question);
        String instruction = templates.get("summarize", language).text();
        // The turns to summarize must themselves fit in the model's context beside the instruction and reply.
        int room = model.contextLength() - replyTokens - model.countTokens(instruction) - 64;
        List<String> lines = new ArrayList<>();
        int used = 0;
        for (ChatMessage turn : older.reversed()) {
            String line = (turn.role().wireName()) + ": " + turn.content().replaceAll("\\s*\\[\\d{1,3}]", "");
            int tokens = model.countTokens(line + "\n");
            if (used + tokens > room) {
                break;
            }
            used += tokens;
            lines.addFirst(line);
        }
        if (lines.isEmpty() || replyTokens <= 0) {
            return "";
        }
        GenerationOptions options = new GenerationOptions(replyTokens, 0, 1, 0L, List.of());
        return model.chat(new ChatRequest(List.of(ChatMessage.system(instruction), ChatMessage.user(String.join("\n", lines))),
                options), TokenSink.NONE, new Cancellation()).text();
    }
}
