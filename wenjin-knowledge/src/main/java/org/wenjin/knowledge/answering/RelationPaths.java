package org.wenjin.knowledge.answering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.text.Language;

/**
 * The shortest chains of statements between two entities, following statements in either direction,
 * through entities only (not through classes: that every model is a model relates nothing). Asserted
 * statements are tried first; inferred ones only when the asserted ones connect nothing.
 */
final class RelationPaths {
    private static final int MAX_LENGTH = 3;
    private static final int MAX_PATHS = 3;
    /** A hub with more statements than this is not walked through: its links say little about any one of them. */
    private static final int MAX_DEGREE = 500;
    private static final int MAX_VISITED = 5000;

    private final FactReader reader;
    private final Lexicon lexicon;

    RelationPaths(FactReader reader, Lexicon lexicon) {
        this.reader = reader;
        this.lexicon = lexicon;
    }

    /** Up to three shortest paths from {@code from} to {@code to}, each a list of facts in walking order. */
    Optional<List<List<Fact>>> between(String from, String to, Language language) {
        if (from.equals(to)) {
            return Optional.empty();
        }
        for (boolean withInferred : new boolean[] {false, true}) {
            List<List<Fact>> paths = search(from, to, language, withInferred);
            if (!paths.isEmpty()) {
                return Optional.of(paths);
            }
        }
        return Optional.empty();
    }

    private record Step(String node, Fact via, Step previous, int length) {
    }

    private List<List<Fact>> search(String from, String to, Language language, boolean withInferred) {
        Map<String, Integer> depth = new HashMap<>();
        depth.put(from, 0);
        ArrayDeque<Step> queue = new ArrayDeque<>();
        queue.add(new Step(from, null, null, 0));
        List<List<Fact>> found = new ArrayList<>();
        int shortest = Integer.MAX_VALUE;
        while (!queue.isEmpty() && depth.size() < MAX_VISITED) {
            Step step = queue.poll();
            if (step.length() >= Math.min(MAX_LENGTH, shortest)) {
                continue;
            }
            for (Fact fact : edges(step.node(), language, withInferred)) {
                String next = fact.subject().equals(step.node()) ? fact.object() : fact.subject();
                if (onPath(step, next)) {
                    continue;
                }
                Step reached = new Step(next, fact, step, step.length() + 1);
                if (next.equals(to)) {
                    shortest = reached.length();
                    found.add(path(reached));
                    continue;
                }
                Integer seen = depth.get(next);
                if (seen == null || seen == reached.length()) {
                    // Equal-length routes through the same node are kept: they are different explanations.
                    depth.put(next, reached.length());
                    queue.add(reached);
                }
            }
        }
        return found.stream()
                .sorted(Comparator.comparingInt((List<Fact> p) -> p.size()).thenComparing(p -> p.getFirst().id()))
                .limit(MAX_PATHS)
                .toList();
    }

    private List<Fact> edges(String node, Language language, boolean withInferred) {
        if (lexicon.isClass(node)) {
            return List.of();
        }
        Set<Fact> facts = new LinkedHashSet<>(reader.outgoing(node, language));
        facts.addAll(reader.incoming(node, language));
        if (facts.size() > MAX_DEGREE) {
            return List.of();
        }
        List<Fact> edges = new ArrayList<>();
        for (Fact fact : facts) {
            if (fact.predicate().equals(RDF.type.getURI()) || (!withInferred && fact.inferred())
                    || reader.hasLiteralObject(fact)) {
                continue;
            }
            edges.add(fact);
        }
        return edges;
    }

    private static boolean onPath(Step step, String node) {
        for (Step s = step; s != null; s = s.previous()) {
            if (s.node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    private static List<Fact> path(Step end) {
        List<Fact> facts = new ArrayList<>();
        for (Step s = end; s.via() != null; s = s.previous()) {
            facts.addFirst(s.via());
        }
        return facts;
    }
}
