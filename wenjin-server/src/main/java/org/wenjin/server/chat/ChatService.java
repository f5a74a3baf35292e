package org.wenjin.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.wenjin.assistant.Answer;
import org.wenjin.assistant.Assistant;
import org.wenjin.assistant.Question;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.Role;
import org.wenjin.model.TokenSink;
import org.wenjin.store.Conversation;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Feedback;
import org.wenjin.store.MemoryBook;
import org.wenjin.store.NewFeedback;
import org.wenjin.store.NewMessage;
import org.wenjin.store.Rating;
import org.wenjin.store.StoredMessage;

/**
 * Ties the assistant to the store: asks a question in a conversation (with the conversation so far as
 * history), keeps the question, the answer and its trace, and takes feedback on answers. The HTTP handlers
 * and the command line both go through here, so an answer is stored the same way whoever asked.
 */
public final class ChatService {
    /** Whose memories a turn uses when the server knows no users (no API keys). */
    public static final String DEFAULT_USER = "default";
    /** Long enough to recognise a conversation in the list, short enough for one line of it. */
    private static final int TITLE_LENGTH = 60;

    private final Assistant assistant;
    private final ConversationStore store;

    public ChatService(Assistant assistant, ConversationStore store) {
        this.assistant = assistant;
        this.store = store;
    }

    public Assistant assistant() {
        return assistant;
    }

    public ConversationStore store() {
        return store;
    }

    /**
     * Asks {@code text} in a conversation: stores it, streams the answer through {@code sink}, then stores the
     * answer with its citations, mode, model and trace. A conversation without a title takes the first
     * question as its title. If the answer fails, the question stays stored.
     *
     * @throws NoSuchElementException if there is no such conversation
     * @throws IllegalArgumentException if {@code text} is blank
     */
    public Exchange ask(String conversationId, String text, GenerationOptions options, TokenSink sink,
                        Cancellation cancellation) {
        return ask(DEFAULT_USER, conversationId, text, options, sink, cancellation);
    }

    /**
     * Asks as {@code userId}: what the turn says about the user is remembered (with the message it came
     * from), and the user's memories go with the question.
     */
    public Exchange ask(String userId, String conversationId, String text, GenerationOptions options, TokenSink sink,
                        Cancellation cancellation) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        Conversation conversation = store.conversation(conversationId)
                .orElseThrow(() -> new NoSuchElementException("no conversation with id '" + conversationId + "'"));
        List<ChatMessage> history = store.messages(conversationId).stream().map(ChatService::chatMessage).toList();
        StoredMessage asked = store.appendMessage(conversationId, NewMessage.user(text));
        remember(userId, text, asked.id());
        Question question = new Question(text, history, options, memories(userId));
        if (conversation.title().isBlank()) {
            store.renameConversation(conversationId, titleFrom(text));
        }
        Answer answer = assistant.answer(question, sink, cancellation);
        StoredMessage answered = store.appendMessage(conversationId,
                NewMessage.assistant(answer.text(), answer.mode().wireName(), answer.model(), answer.trace().id(),
                        WireFormat.citations(answer.citations())),
                WireFormat.trace(answer.trace()));
        return new Exchange(asked, answered, answer);
    }

    /**
     * Answers a question outside any stored conversation (the OpenAI API, {@code wenjin ask}); the trace is
     * stored so that it can be looked up by {@code answer.trace().id()}.
     */
    public Answer answer(Question question, TokenSink sink, Cancellation cancellation) {
        Answer answer = assistant.answer(question, sink, cancellation);
        store.saveTrace(answer.trace().id(), WireFormat.trace(answer.trace()));
        return answer;
    }

    /**
     * Keeps feedback on an answer together with what produced it: the full prompt the model saw (in
     * extractive mode, where no model saw a prompt, the question as the pipeline understood it) and the model.
     *
     * @throws NoSuchElementException if there is no such message
     * @throws IllegalArgumentException if the message is not an answer, or the feedback is empty
     */
    /** Keeps what a turn says about the user, unless it is remembered already. */
    private void remember(String userId, String turn, String messageId) {
        MemoryBook book = store.memories();
        List<UserMemory> known = memories(userId);
        for (UserMemory memory : assistant.remember(turn)) {
            if (!known.contains(memory)) {
                book.add(userId, memory.kind(), memory.text(), messageId);
            }
        }
    }

    private List<UserMemory> memories(String userId) {
        return store.memories().list(userId).stream().map(m -> new UserMemory(m.kind(), m.text())).toList();
    }

    public Feedback feedback(String messageId, Rating rating, String comment, String betterAnswer) {
        StoredMessage message = store.message(messageId)
                .orElseThrow(() -> new NoSuchElementException("no message with id '" + messageId + "'"));
        if (!message.role().equals("assistant")) {
            throw new IllegalArgumentException("feedback is given on answers; message '" + messageId + "' is a "
                    + message.role() + " message");
        }
        String prompt = null;
        String model = message.model();
        Optional<JsonNode> trace = Optional.ofNullable(message.traceId()).flatMap(store::trace).map(WireFormat::parse);
        if (trace.isPresent()) {
            JsonNode node = trace.get();
            prompt = text(node, "prompt");
            if (prompt == null) {
                prompt = text(node, "rewritten_question");
            }
            if (text(node, "model") != null) {
                model = text(node, "model");
            }
        }
        return store.saveFeedback(new NewFeedback(messageId, rating, blankToNull(comment), blankToNull(betterAnswer),
                prompt, model));
    }

    /** The stored trace of an answer, as JSON. */
    public Optional<String> trace(String traceId) {
        return store.trace(traceId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static ChatMessage chatMessage(StoredMessage message) {
        return new ChatMessage(Role.fromWireName(message.role()), message.content());
    }

    static String titleFrom(String question) {
        String line = question.strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) <= TITLE_LENGTH) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, TITLE_LENGTH)) + "…";
    }
}
