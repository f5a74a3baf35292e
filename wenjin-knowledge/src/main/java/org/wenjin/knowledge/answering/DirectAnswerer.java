package org.wenjin.knowledge.answering;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wenjin.knowledge.DirectAnswer;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.question.Question;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.text.Terms;

/**
 * Answers factoid questions from the graph alone. A question names an entity and, in its remaining words,
 * a predicate ("百度的总部在哪里?", "Who created ChatGPT?"); the answer is that predicate's values, in either
 * direction, or, when the remaining words name a second predicate, the values one step further
 * ("ChatGPT的开发者的总部在哪里?"). A question about two entities and their relation ("文心一言和百度是什么关系?")
 * is answered with the shortest paths between them.
 *
 * <p>It answers only when sure: the question must be one, and a predicate label must be at least half
 * covered by the question's words. Anything else is left to the language model with the ranked facts.
 */
public final class DirectAnswerer {
    /** The least share of a predicate's label a question must say for the predicate to count as asked. */
    private static final double ASKED = 0.5;

    private final FactReader reader;
    private final Lexicon lexicon;

    public DirectAnswerer(FactReader reader, Lexicon lexicon) {
        this.reader = reader;
        this.lexicon = lexicon;
    }

    /** Facts with one predicate and one direction about one entity, and how well they fit the question. */
    private record Group(String entity, String predicate, boolean outgoing, List<Fact> facts, double match,
                         Set<String> explained, double linkScore) {
        boolean asserted() {
            return facts.stream().anyMatch(f -> !f.inferred());
        }

        List<String> values() {
            return facts.stream().map(f -> outgoing ? f.objectLabel() : f.subjectLabel()).distinct().toList();
        }

        List<String> valueEntities() {
            return facts.stream().map(f -> outgoing ? f.object() : f.subject()).distinct().toList();
        }
    }

    private static final Comparator<Group> BEST_FIRST = Comparator.comparingDouble(Group::match)
            .thenComparingInt(g -> g.explained().size())
            .thenComparing(Group::asserted)
            .thenComparing(Group::outgoing)
            .thenComparingDouble(Group::linkScore)
            .reversed();

    /** Call in a read transaction. */
    public Optional<DirectAnswer> answer(Question question) {
        if (!question.interrogative()) {
            return Optional.empty();
        }
        List<EntityMention> entities = question.distinctMentions();
        if (question.asksRelation() && entities.size() >= 2) {
            return new RelationPaths(reader, lexicon)
                    .between(entities.get(0).entity(), entities.get(1).entity(), question.language())
                    .map(paths -> relationAnswer(question.language(), entities.get(0), entities.get(1), paths));
        }
        List<Group> candidates = new ArrayList<>();
        for (EntityMention mention : entities) {
            candidates.addAll(groups(mention.entity(), mention.score(), question, question.terms()));
        }
        candidates.sort(BEST_FIRST);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Group first = candidates.getFirst();
        Set<String> unexplained = new HashSet<>(question.terms());
        unexplained.removeAll(first.explained());
        unexplained.removeAll(question.keywordTerms());  // they say what the answer is, not a further step
        Optional<Group> second = unexplained.isEmpty() ? Optional.empty() : further(first, question, unexplained);
        if (second.isPresent()) {
            return Optional.of(chainAnswer(question.language(), first, second.get()));
        }
        List<Group> admissible = candidates.stream().filter(g -> admits(g, question)).toList();
        if (admissible.isEmpty()) {
            return Optional.empty();
        }
        Group best = admissible.getFirst();
        return Optional.of(new DirectAnswer(Sentences.close(question.language(), clause(question.language(), best)),
                best.facts()));
    }

    /** The groups about {@code entity} whose predicate the terms ask for. */
    private List<Group> groups(String entity, double linkScore, Question question, Set<String> terms) {
        Map<String, List<Fact>> byPredicate = new LinkedHashMap<>();
        for (Fact fact : reader.outgoing(entity, question.language())) {
            byPredicate.computeIfAbsent("out " + fact.predicate(), k -> new ArrayList<>()).add(fact);
        }
        for (Fact fact : reader.incoming(entity, question.language())) {
            if (!fact.subject().equals(entity)) {
                byPredicate.computeIfAbsent("in " + fact.predicate(), k -> new ArrayList<>()).add(fact);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<Fact>> entry : byPredicate.entrySet()) {
            boolean outgoing = entry.getKey().startsWith("out ");
            String predicate = entry.getValue().getFirst().predicate();
            double match = 0;
            Set<String> explained = Set.of();
            for (Set<String> label : lexicon.predicateTerms(predicate)) {
                double coverage = Terms.coverage(label, terms);
                if (coverage > match) {
                    match = coverage;
                    explained = new HashSet<>(label);
                    explained.retainAll(terms);
                }
            }
            // A type keyword alone names a predicate only by its whole label ("the architecture of GPT-3"),
            // not by sharing a word with it ("models" with "model architecture").
            boolean onlyKeywords = question.keywordTerms().containsAll(explained);
            if (match < ASKED || (onlyKeywords && match < 1.0)) {
                continue;
            }
            List<Fact> facts = entry.getValue().stream().sorted(Comparator.comparing(Fact::inferred)
                    .thenComparing(f -> outgoing ? f.objectLabel() : f.subjectLabel())).toList();
            facts = ofNamedClass(facts, outgoing, question.classes());
            if (facts.stream().anyMatch(f -> !f.inferred())) {
                // What a source says is the answer; what follows from it (superclasses, places further up) is not
                // what was asked: "GPT-3是什么类型" is "大语言模型", not every class above it.
                facts = facts.stream().filter(f -> !f.inferred()).toList();
            }
            if (!outgoing && facts.isEmpty()) {
                continue;
            }
            if (!facts.isEmpty()) {
                groups.add(new Group(entity, predicate, outgoing, facts, match, explained, linkScore));
            }
        }
        return groups;
    }

    /**
     * Of the facts, those whose value is of a class the question names ("哪个国家", "which city"), when any is;
     * all of them when none is. A statement read backwards (the entity asked about is its object) is
     * kept only when its value is of a named class: "Which models are based on BERT?" asks for it, but
     * "What is ERNIE based on?" does not, and "ERNIE is the base model of ERNIE Bot" would not answer it.
     */
    private List<Fact> ofNamedClass(List<Fact> facts, boolean outgoing, Set<String> classes) {
        if (classes.isEmpty()) {
            return outgoing ? facts : List.of();
        }
        List<Fact> typed = facts.stream().filter(f -> {
            String value = outgoing ? f.object() : f.subject();
            return reader.types(value).stream().anyMatch(classes::contains);
        }).toList();
        return typed.isEmpty() && outgoing ? facts : typed;
    }

    private boolean admits(Group group, Question question) {
        return group.facts().stream().allMatch(f -> question.expected().admits(isLiteral(group, f)));
    }

    private boolean isLiteral(Group group, Fact fact) {
        return group.outgoing() && reader.hasLiteralObject(fact);
    }

    /** A predicate of the first group's values that the words the first group left unexplained ask for. */
    private Optional<Group> further(Group first, Question question, Set<String> unexplained) {
        List<Group> next = new ArrayList<>();
        for (String value : first.valueEntities()) {
            if (lexicon.labels(value).isEmpty()) {
                continue;
            }
            for (Group group : groups(value, first.linkScore(), question, unexplained)) {
                if (admits(group, question) && !group.predicate().equals(first.predicate())) {
                    next.add(group);
                }
            }
        }
        next.sort(BEST_FIRST);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.getFirst());
    }

    private DirectAnswer chainAnswer(Language language, Group first, Group second) {
        List<Fact> facts = new ArrayList<>(first.facts());
        facts.addAll(second.facts());
        return new DirectAnswer(Sentences.sentence(language, List.of(clause(language, first), clause(language, second))),
                facts);
    }

    private String clause(Language language, Group group) {
        Fact any = group.facts().getFirst();
        if (group.outgoing()) {
            return Sentences.valuesOf(language, any.subjectLabel(), any.predicateLabel(), group.values());
        }
        return Sentences.valueFor(language, any.objectLabel(), any.predicateLabel(), group.values());
    }

    private DirectAnswer relationAnswer(Language language, EntityMention a, EntityMention b, List<List<Fact>> paths) {
        List<String> explanations = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        for (List<Fact> path : paths) {
            List<String> clauses = new ArrayList<>();
            for (Fact fact : path) {
                clauses.add(Sentences.valuesOf(language, fact.subjectLabel(), fact.predicateLabel(), List.of(fact.objectLabel())));
                if (!facts.contains(fact)) {
                    facts.add(fact);
                }
            }
            explanations.add(String.join(language == Language.CHINESE ? "，" : ", and ", clauses));
        }
        String text = language == Language.CHINESE
                ? a.label() + "和" + b.label() + "的关系：" + String.join("；", explanations) + "。"
                : a.label() + " and " + b.label() + " are related: " + String.join("; ", explanations) + ".";
        return new DirectAnswer(text, facts);
    }
}
