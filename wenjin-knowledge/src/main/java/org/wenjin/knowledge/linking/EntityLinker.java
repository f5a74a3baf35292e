package org.wenjin.knowledge.linking;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.text.AhoCorasick;
import org.wenjin.knowledge.text.Folding;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.text.Script;

/**
 * Finds the entities a text names, by dictionary: every label and alias of the graph in one Aho-Corasick
 * automaton over case-folded text, the valid matches kept leftmost-longest without overlap, and a shared
 * name resolved by what else the text says.
 *
 * <p>A match is valid when it does not run into a neighbouring word: for Latin script the chars either
 * side must not be letters or digits; for Chinese, which has no spaces, the match must not cut a word of
 * the segmenter's output. A cut short name (two Han characters or fewer, such as 百度 in 一百度 or 马云 in
 * 司马云) is dropped; a cut longer name is kept with a lower score, because a segmenter that has never seen
 * a long name errs more often than the name occurs by chance (文心一言 in 文心一言和百度, segmented 文心/一/言和).
 */
public final class EntityLinker {
    /** A name that is an alias rather than a preferred label is a little less certain (SKOS altLabel semantics). */
    private static final double ALIAS = 0.9;
    /** Letters that match only after case or width folding ("chatgpt" for "ChatGPT"). */
    private static final double FOLDED = 0.95;
    /** A long Chinese name whose ends disagree with the segmenter. */
    private static final double CUTS_A_WORD = 0.8;
    /** A one-char name matches by chance too often to be trusted. */
    private static final double SINGLE_CHAR = 0.5;
    private static final int SHORT_HAN_NAME = 2;

    /** Disambiguation weights: a neighbour named in the text is the strongest evidence, then a type keyword. */
    private static final double NEIGHBOUR_WEIGHT = 2.0;
    private static final double TYPE_WEIGHT = 1.5;
    private static final double PREFERRED_WEIGHT = 0.5;
    /** Chars over which a type keyword's weight falls by a factor e. */
    private static final double TYPE_DISTANCE = 8.0;
    private static final double DEGREE_WEIGHT = 0.1;
    private static final int NEIGHBOUR_LIMIT = 1000;

    private final Lexicon lexicon;
    private final GraphStore store;

    public EntityLinker(Lexicon lexicon, GraphStore store) {
        this.lexicon = lexicon;
        this.store = store;
    }

    /**
     * The result of linking.
     *
     * @param mentions the entities named, in text order
     * @param classes the classes the text names (its type keywords, such as 公司 or "chatbot")
     * @param names the chars of the text that belong to an entity name
     * @param keywords the chars of the text that belong to a type keyword
     * @param language the language of the text apart from its names
     */
    public record Linked(List<EntityMention> mentions, Set<String> classes, BitSet names, BitSet keywords,
                         Language language) {
    }

    /** A type keyword found in the text: a name of one or more classes. */
    private record Keyword(int start, int end, Set<String> classes) {
    }

    private record Span(int start, int end, int name, double quality) {
        int length() {
            return end - start;
        }
    }

    /** Links {@code text}. Call in a read transaction. */
    public Linked link(String text) {
        String folded = Folding.fold(text);
        BitSet[] segmentation = new BitSet[1];
        List<Span> valid = new ArrayList<>();
        for (AhoCorasick.Match match : lexicon.entityNames().findAll(folded)) {
            double quality = fit(text, match.start(), match.end(), segmentation);
            if (quality > 0) {
                valid.add(new Span(match.start(), match.end(), match.pattern(), quality));
            }
        }
        List<Span> chosen = leftmostLongest(valid);

        BitSet covered = new BitSet(text.length());
        for (Span span : chosen) {
            covered.set(span.start(), span.end());
        }
        Set<String> classes = new HashSet<>();
        BitSet keywords = new BitSet(text.length());
        List<Keyword> keywordSpans = new ArrayList<>();
        for (AhoCorasick.Match match : lexicon.classNames().findAll(folded)) {
            int end = pluralEnd(folded, match.start(), match.end());
            boolean insideName = covered.get(match.start(), end).cardinality() > 0;
            if (!insideName && fit(text, match.start(), end, segmentation) > 0) {
                Set<String> named = lexicon.classesNamed(match.pattern());
                classes.addAll(named);
                keywords.set(match.start(), end);
                keywordSpans.add(new Keyword(match.start(), end, named));
            }
        }

        StringBuilder withoutNames = new StringBuilder(text);
        for (Span span : chosen) {
            for (int i = span.start(); i < span.end(); i++) {
                withoutNames.setCharAt(i, ' ');
            }
        }
        // A text that is nothing but names ("百度") is in the language of its names.
        Language language = withoutNames.chars().anyMatch(Character::isLetter) ? Language.of(withoutNames) : Language.of(text);

        List<EntityMention> mentions = new ArrayList<>();
        for (Span span : chosen) {
            mentions.add(resolve(text, span, chosen, keywordSpans, language));
        }
        return new Linked(List.copyOf(mentions), Set.copyOf(classes), covered, keywords, language);
    }

    /** A class name in English is also found in the plural: "models" names the class "model". */
    private static int pluralEnd(String folded, int start, int end) {
        if (!Script.isWordChar(folded.charAt(end - 1))) {
            return end;
        }
        for (String suffix : new String[] {"es", "s"}) {
            if (folded.startsWith(suffix, end)) {
                int plural = end + suffix.length();
                if (plural == folded.length() || !Script.isWordChar(folded.charAt(plural))) {
                    return plural;
                }
            }
        }
        return end;
    }

    /** How well {@code text[start, end)} stands as a name in its context, from 0 (not at all) to 1. */
    private double fit(String text, int start, int end, BitSet[] segmentation) {
        char first = text.charAt(start);
        char last = text.charAt(end - 1);
        if (Script.isWordChar(first) && start > 0 && Script.isWordChar(text.charAt(start - 1))) {
            return 0;
        }
        if (Script.isWordChar(last) && end < text.length() && Script.isWordChar(text.charAt(end))) {
            return 0;
        }
        boolean hanBefore = Script.isHan(first) && start > 0 && Script.isHan(text.charAt(start - 1));
        boolean hanAfter = Script.isHan(last) && end < text.length() && Script.isHan(text.charAt(end));
        double quality = end - start == 1 ? SINGLE_CHAR : 1.0;
        if (hanBefore || hanAfter) {
            if (segmentation[0] == null) {
                segmentation[0] = lexicon.segmenter().boundaries(text);
            }
            BitSet boundaries = segmentation[0];
            boolean cuts = (hanBefore && !boundaries.get(start)) || (hanAfter && !boundaries.get(end));
            if (cuts) {
                int han = 0;
                for (int i = start; i < end; i++) {
                    han += Script.isHan(text.charAt(i)) ? 1 : 0;
                }
                if (han <= SHORT_HAN_NAME) {
                    return 0;
                }
                quality *= CUTS_A_WORD;
            }
        }
        return quality;
    }

    /** Leftmost first; of matches starting at the same place, the longest; none overlapping one already taken. */
    private static List<Span> leftmostLongest(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::length).reversed()));
        List<Span> chosen = new ArrayList<>();
        int end = 0;
        for (Span span : sorted) {
            if (span.start() >= end) {
                chosen.add(span);
                end = span.end();
            }
        }
        return chosen;
    }

    /** Picks the entity a name means here and scores the link. */
    private EntityMention resolve(String text, Span span, List<Span> all, List<Keyword> keywords, Language language) {
        List<Lexicon.Candidate> candidates = lexicon.candidates(span.name());
        Set<String> others = new HashSet<>();
        for (Span other : all) {
            if (other != span) {
                lexicon.candidates(other.name()).forEach(c -> others.add(c.entity()));
            }
        }
        Lexicon.Candidate best = candidates.getFirst();
        double certainty = 1.0;
        if (candidates.size() > 1) {
            double[] evidence = new double[candidates.size()];
            int bestIndex = 0;
            for (int i = 0; i < candidates.size(); i++) {
                evidence[i] = evidence(candidates.get(i), span, others, keywords);
                Lexicon.Candidate c = candidates.get(i);
                if (evidence[i] > evidence[bestIndex]
                        || (evidence[i] == evidence[bestIndex] && c.entity().compareTo(candidates.get(bestIndex).entity()) < 0)) {
                    bestIndex = i;
                }
            }
            best = candidates.get(bestIndex);
            // Softmax over the evidence: how much of the probability mass the chosen entity holds.
            double sum = 0;
            for (double e : evidence) {
                sum += Math.exp(e - evidence[bestIndex]);
            }
            certainty = 1.0 / sum;
        }
        double score = span.quality() * certainty * (best.label().preferred() ? 1.0 : ALIAS);
        String written = text.substring(span.start(), span.end());
        if (!written.equals(best.label().text()) && !written.equals(Folding.withoutNameDots(best.label().text()))) {
            score *= FOLDED;
        }
        return new EntityMention(best.entity(), lexicon.label(best.entity(), language), span.start(), span.end(),
                Math.round(score * 1000) / 1000.0);
    }

    /** Evidence that the text means {@code candidate}: its neighbours and types the text also names, and its prominence. */
    private double evidence(Lexicon.Candidate candidate, Span span, Set<String> otherMentions, List<Keyword> keywords) {
        Node entity = NodeFactory.createURI(candidate.entity());
        int neighboursMentioned = 0;
        int degree = 0;
        Set<String> seen = new HashSet<>();
        for (Iterator<Quad> quads = store.find(Node.ANY, entity, Node.ANY, Node.ANY); quads.hasNext() && degree < NEIGHBOUR_LIMIT; ) {
            Quad quad = quads.next();
            degree++;
            Node object = quad.getObject();
            if (object.isURI() && seen.add(object.getURI()) && otherMentions.contains(object.getURI())) {
                neighboursMentioned++;
            }
        }
        for (Iterator<Quad> quads = store.find(Node.ANY, Node.ANY, Node.ANY, entity); quads.hasNext() && degree < 2 * NEIGHBOUR_LIMIT; ) {
            Quad quad = quads.next();
            degree++;
            Node subject = quad.getSubject();
            if (subject.isURI() && seen.add(subject.getURI()) && otherMentions.contains(subject.getURI())) {
                neighboursMentioned++;
            }
        }
        Set<String> types = new HashSet<>();
        for (Iterator<Quad> quads = store.find(Node.ANY, entity, RDF.type.asNode(), Node.ANY); quads.hasNext(); ) {
            Node type = quads.next().getObject();
            if (type.isURI()) {
                types.add(type.getURI());
            }
        }
        double typed = 0;
        for (Keyword keyword : keywords) {
            if (keyword.classes().stream().anyMatch(types::contains)) {
                // A type keyword beside the name ("Gemini 聊天机器人") speaks for it more than one further away,
                // which may describe something else ("基于什么模型").
                int gap = Math.max(0, Math.max(keyword.start() - span.end(), span.start() - keyword.end()));
                typed = Math.max(typed, TYPE_WEIGHT * Math.exp(-gap / TYPE_DISTANCE));
            }
        }
        return NEIGHBOUR_WEIGHT * neighboursMentioned + typed
                + (candidate.label().preferred() ? PREFERRED_WEIGHT : 0) + DEGREE_WEIGHT * Math.log1p(degree);
    }
}
