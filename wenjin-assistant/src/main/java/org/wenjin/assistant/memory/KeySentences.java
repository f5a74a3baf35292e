package org.wenjin.assistant.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;
import org.wenjin.retrieval.Sentences;

/**
 * Condenses turns without a model to their key sentences: what each user turn asked (its first sentence)
 * and the sentences that share terms with the current question, the best that fit in the budget, kept in
 * the order they were said, each marked with who said it. Citation markers are dropped: the sources they
 * pointed at belong to earlier answers.
 */
public final class KeySentences {
    private record Candidate(int order, String line, double score) {
    }

    public String condense(String question, List<ChatMessage> turns, int tokens, ToIntFunction<String> counter) {
        Set<String> terms = QueryTerms.of(question);
        Language language = Language.of(question);
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            ChatMessage turn = turns.get(t);
            if (turn.role() == Role.SYSTEM) {
                continue;
            }
            String speaker = turn.role() == Role.USER ? language.pick("用户：", "User: ") : language.pick("助手：", "Assistant: ");
            List<String> sentences = Sentences.split(turn.content().replaceAll("\\s*\\[\\d{1,3}]", ""));
            for (int s = 0; s < sentences.size(); s++) {
                String sentence = sentences.get(s).strip();
                if (sentence.isEmpty()) {
                    continue;
                }
                long shared = QueryTerms.of(sentence).stream().filter(terms::contains).count();
                // What the user asked frames the conversation; a later turn is likelier to matter now.
                double score = shared + (turn.role() == Role.USER && s == 0 ? 1.0 : 0) + 0.01 * t;
                candidates.add(new Candidate(candidates.size(), speaker + sentence, score));
            }
        }
        List<Candidate> kept = new ArrayList<>();
        int used = 0;
        for (Candidate candidate : candidates.stream().sorted(Comparator.comparingDouble(Candidate::score).reversed()).toList()) {
            int cost = counter.applyAsInt(candidate.line() + "\n");
            if (used + cost <= tokens) {
                kept.add(candidate);
                used += cost;
            }
        }
        kept.sort(Comparator.comparingInt(Candidate::order));
        StringBuilder text = new StringBuilder();
        kept.forEach(c -> text.append(c.line()).append('\n'));
        return text.toString().strip();
    }
}
