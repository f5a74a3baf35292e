package org.wenjin.assistant;

import java.util.List;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.GenerationOptions;

/**
 * A user's turn with the conversation that came before it (oldest first, without the turn itself) and what
 * is remembered about the user from earlier conversations (most recent first). {@code options} is null for
 * the assistant's defaults.
 */
public record Question(String text, List<ChatMessage> history, GenerationOptions options, List<UserMemory> memories) {
    public Question {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        history = history == null ? List.of() : List.copyOf(history);
        memories = memories == null ? List.of() : List.copyOf(memories);
    }

    public Question(String text, List<ChatMessage> history, GenerationOptions options) {
        this(text, history, options, List.of());
    }

    public static Question of(String text) {
        return new Question(text, List.of(), null);
    }
}
