package org.wenjin.assistant.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.retrieval.Sentences;

/**
 * Answers without a generative model: a direct answer from the graph when there is one, otherwise the
 * sentences of the top passages that share the most terms with the question, each cited, in reading
 * order. The answer says plainly that no model wrote it and how to add one.
 */
public final class ExtractiveAnswerer {
    private static final int MAX_SENTENCES = 3;
    private static final int PASSAGES_CONSIDERED = 3;
    private static final int MAX_FACTS = 2;

    /**
     * The answer as the pieces it is streamed in (sentences, the facts line, the closing note), with
     * {@code [n]} markers, and the sources it cites.
     */
    public record Extract(List<String> pieces, List<Citation> used) {
        public Extract {
            pieces = List.copyOf(pieces);
            used = List.copyOf(used);
        }

        public String text() {
            return String.join("", pieces);
        }
    }

    /**
     * @param directAnswer the graph's own answer, or null
     * @param directFacts the numbered facts behind {@code directAnswer}
     * @param facts numbered facts about the question's entities, best first
     * @param passages numbered passages, best first
     */
    public Extract answer(String question, String directAnswer, List<Citation> directFacts, List<Citation> facts,
                          List<Citation> passages) {
        Language language = Language.of(question);
        List<String> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Set<Citation> used = new LinkedHashSet<>();
        if (directAnswer != null) {
            emit(text, pieces, directAnswer.strip() + markers(directFacts));
            used.addAll(directFacts);
        } else {
            Set<String> terms = QueryTerms.of(question);
            List<ScoredSentence> sentences = bestSentences(terms, DefinitionQuestion.of(question), passages);
            for (int i = 0; i < sentences.size(); i++) {
                ScoredSentence sentence = sentences.get(i);
                // Consecutive sentences from one passage share one marker, placed after the last of them.
                boolean sameSourceNext = i + 1 < sentences.size() && sentences.get(i + 1).source().equals(sentence.source());
                emit(text, pieces, separator(text, language) + sentence.text().strip()
                        + (sameSourceNext ? "" : markers(List.of(sentence.source()))));
                used.add(sentence.source());
            }
            List<Citation> relevantFacts = facts.stream()
                    .filter(fact -> overlap(terms, QueryTerms.of(fact.text())) > 0)
                    .limit(MAX_FACTS)
                    .toList();
            if (!relevantFacts.isEmpty()) {
                StringBuilder line = new StringBuilder(text.isEmpty() ? "" : "\n\n")
                        .append(language.pick("相关事实：", "Related facts: "));
                for (int i = 0; i < relevantFacts.size(); i++) {
                    Citation fact = relevantFacts.get(i);
                    line.append(i == 0 ? "" : language.pick("；", "; ")).append(fact.text().strip()).append(markers(List.of(fact)));
                }
                emit(text, pieces, line.toString());
                used.addAll(relevantFacts);
            }
            if (text.isEmpty()) {
                emit(text, pieces, language.pick(
                        "知识库中没有找到与这个问题相关的内容。",
                        "I found nothing about this in the knowledge base."));
            }
        }
        emit(text, pieces, "\n\n" + language.pick(
                "（未配置生成式模型：以上内容摘自知识库。要让模型撰写回答，请用 `wenjin serve --model 模型.gguf` 或 "
                        + "`--openai-base-url URL --openai-model 名称` 启动。）",
                "(No generative model is configured, so this answer was assembled from the knowledge base. To have a "
                        + "model write answers, start with `wenjin serve --model MODEL.gguf` or "
                        + "`--openai-base-url URL --openai-model NAME`.)"));
        return new Extract(pieces, List.copyOf(used));
    }

    private record ScoredSentence(String text, Citation source, boolean defines, int passageRank, int position,
                                  double score) {
    }

    private static List<ScoredSentence> bestSentences(Set<String> terms, Optional<DefinitionQuestion> definition,
                                                      List<Citation> passages) {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<ScoredSentence> candidates = new ArrayList<>();
        for (int rank = 0; rank < Math.min(PASSAGES_CONSIDERED, passages.size()); rank++) {
            Citation passage = passages.get(rank);
            List<String> sentences = Sentences.split(passage.text());
            for (int position = 0; position < sentences.size(); position++) {
                String sentence = sentences.get(position);
                int shared = overlap(terms, QueryTerms.of(sentence));
                if (shared == 0 || sentence.strip().startsWith("#")) {
                    continue;
                }
                // Coverage of the question matters most; earlier passages are better matches overall.
                double score = (double) shared / terms.size() - 0.05 * rank;
                boolean defines = definition.isPresent() && definition.get().isDefinedBy(sentence);
                if (defines) {
                    score += 1; // "what is X" is best answered by the sentence that says what X is
                }
                candidates.add(new ScoredSentence(sentence, passage, defines, rank, position, score));
            }
        }
        return candidates.stream()
                .sorted(Comparator.comparingDouble(ScoredSentence::score).reversed())
                .limit(MAX_SENTENCES)
                // A defining sentence reads first; the rest keep the order of their passages.
                .sorted(Comparator.comparing((ScoredSentence s) -> !s.defines())
                        .thenComparingInt(ScoredSentence::passageRank).thenComparingInt(ScoredSentence::position))
                .toList();
    }

    private static int overlap(Set<String> question, Set<String> candidate) {
        int shared = 0;
        for (String term : candidate) {
            if (question.contains(term)) {
                shared++;
            }
        }
        return shared;
    }

    private static String markers(List<Citation> sources) {
        StringBuilder markers = new StringBuilder();
        for (Citation source : sources) {
            markers.append('[').append(source.number()).append(']');
        }
        return markers.isEmpty() ? "" : " " + markers;
    }

    private static String separator(StringBuilder text, Language language) {
        return text.isEmpty() ? "" : language == Language.CHINESE ? "" : " ";
    }

    private static void emit(StringBuilder text, List<String> pieces, String piece) {
        text.append(piece);
        pieces.add(piece);
    }
}
