package org.wenjin.assistant.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.prompt.FewShotPrompt;
import org.wenjin.assistant.prompt.PromptTooLongException;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;
import org.wenjin.model.template.ChatTemplateException;

/**
 * Finds what a user says about themselves with the model: the {@code extract-memory} template and the
 * nearest examples of its pool, then the user's message; the model answers with a JSON array of
 * {@code {"kind": "fact"|"preference", "text": "…"}}. Each item must be a short phrase made mostly of the
 * message's own words, so nothing is remembered that the user did not say. A reply that fails is reported
 * with the reason, so the caller can fall back to the rules of {@link MemoryExtractor}.
 */
public final class ModelMemoryExtractor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLY_TOKENS = 128;
    private static final int MAX_TEXT_CHARS = 80;

    private final FewShotPrompt prompt;

    public ModelMemoryExtractor(FewShotPrompt prompt) {
        this.prompt = prompt;
    }

    /** What the model found, or why its reply was not usable. */
    public record Result(List<UserMemory> memories, String fault) {
        public boolean usable() {
            return fault == null;
        }
    }

    public Result extract(String turn, ChatModel model) {
        String reply;
        try {
            FewShotPrompt.Built built = prompt.build("extract-memory", Language.of(turn), turn, model, REPLY_TOKENS);
            reply = model.chat(new ChatRequest(built.messages(), new GenerationOptions(REPLY_TOKENS, 0, 1, 0L, List.of())),
                    TokenSink.NONE, new Cancellation()).text();
        } catch (PromptTooLongException e) {
            return new Result(List.of(), "the extract-memory prompt does not fit in the model's context");
        } catch (ModelException | ChatTemplateException e) {
            return new Result(List.of(), "the model failed: " + e.getMessage());
        }
        try {
            return new Result(parse(reply, turn), null);
        } catch (IllegalArgumentException e) {
            return new Result(List.of(), e.getMessage());
        }
    }

    /** The memories in {@code reply}; an exception names the first thing wrong with it. */
    static List<UserMemory> parse(String reply, String turn) {
        int open = reply.indexOf('[');
        int close = reply.lastIndexOf(']');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("the reply has no JSON array");
        }
        JsonNode items;
        try {
            items = JSON.readTree(reply.substring(open, close + 1));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the reply's JSON does not parse: " + e.getOriginalMessage(), e);
        }
        Set<String> said = QueryTerms.of(turn);
        List<UserMemory> memories = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String kind = item.path("kind").asText("");
            String text = item.path("text").asText("").strip();
            if (!kind.equals(UserMemory.FACT) && !kind.equals(UserMemory.PREFERENCE)) {
                throw new IllegalArgumentException("item " + (i + 1) + ": kind must be 'fact' or 'preference', was '" + kind + "'");
            }
            if (text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
                throw new IllegalArgumentException("item " + (i + 1) + ": text must be a phrase of 1 to " + MAX_TEXT_CHARS + " characters");
            }
            Set<String> terms = QueryTerms.of(text);
            long fromTurn = terms.stream().filter(said::contains).count();
            if (terms.isEmpty() || fromTurn * 2 < terms.size()) {
                throw new IllegalArgumentException("item " + (i + 1) + ": '" + text + "' is not what the user said");
            }
            UserMemory memory = new UserMemory(kind, text);
            if (!memories.contains(memory)) {
                memories.add(memory);
            }
        }
        return memories;
    }
}
