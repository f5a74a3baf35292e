package org.wenjin.train.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Feedback;
import org.wenjin.store.Rating;
import org.wenjin.store.StoredMessage;

/**
 * Chat examples from what people said about answers in the conversation store: an answer someone corrected
 * becomes the conversation up to its question followed by the correction, an answer with a thumbs up the
 * conversation up to it followed by that answer. A thumbs down without a correction, or a comment alone, says
 * what not to write and gives no example here.
 *
 * <p>The context is the conversation as stored: the question and the turns before it. The retrieved passages
 * and system prompt are not stored as turns; the feedback's {@code prompt} has them, but as the text another
 * model's template made of them (or the body sent to a remote model), which cannot be rendered again with the
 * template of the model being trained, so it is not used.
 *
 * <p>When one answer has several judgements, its latest correction wins; without one, its latest rating.
 */
public final class FeedbackExamples {

    /**
     * @param examples one chat per judged answer, in the order the answers were first judged
     * @param corrections how many of them end in a person's correction
     * @param approvals how many end in an answer with a thumbs up
     * @param problems judgements that could not become an example, and why
     */
    public record Collected(List<SftExample.Chat> examples, int corrections, int approvals, List<DataProblem> problems) {
        public Collected {
            examples = List.copyOf(examples);
            problems = List.copyOf(problems);
        }
    }

    private FeedbackExamples() {
    }

    public static Collected collect(ConversationStore store) {
        Map<String, List<Feedback>> byAnswer = new LinkedHashMap<>();
        for (Feedback feedback : store.allFeedback()) {
            byAnswer.computeIfAbsent(feedback.messageId(), id -> new ArrayList<>()).add(feedback);
        }
        Map<String, List<StoredMessage>> conversations = new HashMap<>();
        List<SftExample.Chat> examples = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        int corrections = 0;
        int approvals = 0;
        for (Map.Entry<String, List<Feedback>> entry : byAnswer.entrySet()) {
            List<Feedback> judgements = entry.getValue();
            Optional<Feedback> correction = latest(judgements, f -> f.betterAnswer() != null && !f.betterAnswer().isBlank());
            Optional<Feedback> rating = latest(judgements, f -> f.rating() != null);
            Feedback deciding;
            if (correction.isPresent()) {
                deciding = correction.get();
            } else if (rating.isPresent() && rating.get().rating() == Rating.UP) {
                deciding = rating.get();
            } else {
                continue;
            }
            String origin = "feedback " + deciding.id();
            Optional<StoredMessage> answer = store.message(entry.getKey());
            if (answer.isEmpty()) {
                problems.add(new DataProblem(origin, "the judged message " + entry.getKey() + " is no longer stored"));
                continue;
            }
            if (!answer.get().role().equals(Role.ASSISTANT.wireName())) {
                problems.add(new DataProblem(origin, "the judged message is a " + answer.get().role() + " message, not an answer"));
                continue;
            }
            String text = correction.isPresent() ? deciding.betterAnswer() : answer.get().content();
            if (text.isBlank()) {
                problems.add(new DataProblem(origin, "the approved answer is empty"));
                continue;
            }
            List<StoredMessage> conversation = conversations.computeIfAbsent(answer.get().conversationId(), store::messages);
            List<ChatMessage> messages = new ArrayList<>();
            for (StoredMessage earlier : conversation) {
                if (earlier.id().equals(answer.get().id())) {
                    break;
                }
                messages.add(new ChatMessage(Role.fromWireName(earlier.role()), earlier.content()));
            }
            messages.add(ChatMessage.assistant(text));
            examples.add(new SftExample.Chat(messages, origin));
            if (correction.isPresent()) {
                corrections++;
            } else {
                approvals++;
            }
        }
        return new Collected(examples, corrections, approvals, problems);
    }

    private static Optional<Feedback> latest(List<Feedback> oldestFirst, Predicate<Feedback> test) {
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            if (test.test(oldestFirst.get(i))) {
                return Optional.of(oldestFirst.get(i));
            }
        }
        return Optional.empty();
    }
}
