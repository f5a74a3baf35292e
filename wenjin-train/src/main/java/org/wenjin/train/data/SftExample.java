package org.wenjin.train.data;

import java.util.List;
import java.util.Objects;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;

/**
 * One supervised fine-tuning example, in one of the three shapes trainers read from JSONL: a chat
 * ({@code {"messages": [...]}}, OpenAI's chat fine-tuning format), a prompt with its completion
 * ({@code {"prompt", "completion"}}, OpenAI's older format) or plain text ({@code {"text"}}). What the
 * model learns to write differs: the assistant's turns, the completion, or all of the text.
 */
public sealed interface SftExample {

    /** Where the example came from, such as {@code data/train.jsonl:17} or {@code feedback 3f2a…}. */
    String origin();

    /** A conversation; the assistant's turns are trained, everything else is context. */
    record Chat(List<ChatMessage> messages, String origin) implements SftExample {
        public Chat {
            messages = List.copyOf(messages);
            Objects.requireNonNull(origin, "origin");
            if (messages.stream().noneMatch(m -> m.role() == Role.ASSISTANT)) {
                throw new IllegalArgumentException("a chat example needs an assistant turn to train on (" + origin + ")");
            }
        }
    }

    /** A prompt that is not trained followed by the completion that is; the texts are joined exactly as given. */
    record Completion(String prompt, String completion, String origin) implements SftExample {
        public Completion {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(completion, "completion");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Text trained as a whole, as in pre-training. */
    record Text(String text, String origin) implements SftExample {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
