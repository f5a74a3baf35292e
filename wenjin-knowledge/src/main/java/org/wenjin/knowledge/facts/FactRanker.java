package org.wenjin.knowledge.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.RankedFact;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.question.Question;
import org.wenjin.knowledge.text.Terms;

/**
 * The facts that bear on a question: every statement about each entity it names, in both directions, and
 * statements one step further out when the question asks about them (their predicate shares terms with
 * the question, as in "ChatGPT的开发者的总部在哪里?"). Ranked by how much of a predicate's label the question
 * says, weighted by how sure the entity link is.
 */
public final class FactRanker {
    /** Every fact about a named entity is worth something even if the question names no predicate. */
    private static final double BASE = 0.2;
    /** A type statement says little on its own. */
    private static final double TYPE_BASE = 0.1;
    /** A fact that links two entities the question names answers "how are they related". */
    private static final double JOINS_MENTIONS = 0.5;
    /** A fact one step further out is worth half: it is only relevant through the fact that leads to it. */
    private static final double SECOND_HOP = 0.5;
    /** Of equal facts, the asserted one first. */
    private static final double INFERRED = 0.9;
    private static final int NEIGHBOURS_EXPLORED = 50;

    private final FactReader reader;
    private final Lexicon lexicon;

    public FactRanker(FactReader reader, Lexicon lexicon) {
        this.reader = reader;
        this.lexicon = lexicon;
    }

    private record Scored(Fact fact, double score) {
    }

    /** At most {@code limit} facts, best first, up to {@code hops} (1 or 2) statements away from a named entity. */
    public List<RankedFact> rank(Question question, int limit, int hops) {
        Map<String, Double> linkScore = new HashMap<>();
        for (EntityMention mention : question.mentions()) {
            linkScore.merge(mention.entity(), mention.score(), Math::max);
        }
        Map<String, Scored> best = new HashMap<>();
        for (EntityMention mention : question.distinctMentions()) {
            String entity = mention.entity();
            double link = linkScore.get(entity);
            List<Fact> near = about(entity, question);
            List<Scored> firstHop = new ArrayList<>();
            for (Fact fact : near) {
                double relevance = predicateMatch(fact.predicate(), question.terms());
                String other = fact.subject().equals(entity) ? fact.object() : fact.subject();
                if (linkScore.containsKey(other) && !other.equals(entity)) {
                    relevance += JOINS_MENTIONS;
                }
                double base = isType(fact) ? TYPE_BASE : BASE;
                Scored scored = new Scored(fact, link * (base + relevance) * (fact.inferred() ? INFERRED : 1.0));
                firstHop.add(scored);
                keep(best, scored);
            }
            if (hops >= 2) {
                secondHop(entity, link, firstHop, question, best);
            }
        }
        List<Scored> ranked = best.values().stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(s -> s.fact().inferred())
                        .thenComparing(s -> s.fact().id()))
                .toList();
        return withoutMirrors(ranked, limit);
    }

    /**
     * Drops an inferred fact that only restates, from the other end, a fact already kept: "百度 —研发成果→
     * 文心一言" (prp-inv2) after "文心一言 —开发者→ 百度". It tells a reader nothing new and takes a place.
     */
    private static List<RankedFact> withoutMirrors(List<Scored> ranked, int limit) {
        Set<List<String>> connected = new HashSet<>();
        List<RankedFact> kept = new ArrayList<>();
        for (Scored scored : ranked) {
            if (kept.size() >= limit) {
                break;
            }
            Fact fact = scored.fact();
            if (fact.inferred() && connected.contains(List.of(fact.object(), fact.subject()))) {
                continue;
            }
            connected.add(List.of(fact.subject(), fact.object()));
            kept.add(new RankedFact(fact, Math.round(scored.score() * 1000) / 1000.0));
        }
        return kept;
    }

    private void secondHop(String entity, double link, List<Scored> firstHop, Question question, Map<String, Scored> best) {
        List<Scored> bridges = new ArrayList<>(firstHop);
        bridges.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.fact().id()));
        Set<String> explored = new HashSet<>();
        explored.add(entity);
        for (Scored bridge : bridges) {
            Fact fact = bridge.fact();
            if (isType(fact) || explored.size() > NEIGHBOURS_EXPLORED) {
                continue;
            }
            String neighbour = fact.subject().equals(entity) ? fact.object() : fact.subject();
            if (!isEntity(neighbour) || !explored.add(neighbour)) {
                continue;
            }
            double bridgeRelevance = predicateMatch(fact.predicate(), question.terms());
            for (Fact further : about(neighbour, question)) {
                if (isType(further) || further.subject().equals(entity) || further.object().equals(entity)) {
                    continue;
                }
                double relevance = predicateMatch(further.predicate(), question.terms());
                if (relevance == 0) {
                    continue;  // one step further out only when the question asks for it
                }
                // As relevant as the question makes both steps: a further fact reached through a step the
                // question does not mention is worth little ("通义千问" → architecture → "Transformer的开发者").
                double score = link * SECOND_HOP * relevance * (BASE + bridgeRelevance)
                        * (further.inferred() ? INFERRED : 1.0);
                keep(best, new Scored(further, score));
            }
        }
    }

    private List<Fact> about(String entity, Question question) {
        List<Fact> facts = new ArrayList<>(reader.outgoing(entity, question.language()));
        facts.addAll(reader.incoming(entity, question.language()));
        return facts;
    }

    private boolean isEntity(String value) {
        return !lexicon.labels(value).isEmpty() && !lexicon.isClass(value) && !lexicon.isProperty(value);
    }

    private static void keep(Map<String, Scored> best, Scored scored) {
        best.merge(scored.fact().id(), scored, (a, b) -> a.score() >= b.score() ? a : b);
    }

    private static boolean isType(Fact fact) {
        return fact.predicate().equals(RDF.type.getURI());
    }

    /** The best share of any one label of the predicate that the question's terms cover, from 0 to 1. */
    public double predicateMatch(String predicate, Set<String> questionTerms) {
        double best = 0;
        for (Set<String> label : lexicon.predicateTerms(predicate)) {
            best = Math.max(best, Terms.coverage(label, questionTerms));
        }
        return best;
    }
}
