package org.wenjin.assistant;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.assistant.memory.MemoryExtractor;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.GenerationOptions;

/**
 * One conversation with an assistant as a chat client holds it: every turn is asked with the turns before
 * it, and what the user says about themselves is remembered (as the server does) for later conversations.
 */
final class Conversation {
    private final Assistant assistant;
    private final GenerationOptions options;
    private final List<UserMemory> memories;
    private final List<ChatMessage> history = new ArrayList<>();

    Conversation(Assistant assistant, GenerationOptions options, List<UserMemory> memories) {
        this.assistant = assistant;
        this.options = options;
        this.memories = memories;
    }

    Answer ask(String turn) {
        Answer answer = assistant.answer(new Question(turn, history, options, List.copyOf(memories)), text -> { },
                new Cancellation());
        for (UserMemory memory : new MemoryExtractor().extract(turn)) {
            if (!memories.contains(memory)) {
                memories.addFirst(memory);
            }
        }
        history.add(ChatMessage.user(turn));
        history.add(ChatMessage.assistant(answer.text()));
        return answer;
    }

    List<ChatMessage> history() {
        return history;
    }
}
