package org.wenjin.knowledge.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.answering.Sentences;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.text.Language;

/**
 * Turns the graph into questions and answers for instruction tuning, so a model learns the facts itself
 * (knowledge internalization): for each entity, the values of each of its predicates asked in Chinese and
 * English; two-step questions along paths ("the headquarters of the developer of ChatGPT"); and negative
 * samples that ask for a predicate the entity has no value for, answered with "the graph does not say".
 *
 * <p>Questions come from templates over the predicate's label ("{subject}的{predicate}是什么？"), or from the
 * predicate's own wording when the graph gives one with {@value #QUESTION}: a literal in the language it is
 * asked in, {@code {subject}} standing for the entity ({@code ex:developer <urn:wenjin:question> "谁开发了{subject}？"@zh}).
 * Answers use the wording of direct answers. A predicate is asked about in a language only when it has a
 * label in that language; an entity only when it has one in that language or one without a language tag.
 *
 * <p>Of the values of one predicate, those a source asserts are the answer when there are any, as in direct
 * answers; inferred ones otherwise (what OpenAI developed, from the inverse of "developer"). Random choices
 * use a generator seeded by the seed and the entity, so a sample about one entity does not change when
 * another entity is added.
 */
public final class InstructionSamples {
    /** The predicate that gives a predicate its own question wording. */
    public static final String QUESTION = "urn:wenjin:question";

    private static final List<String> CHINESE = List.of("{subject}的{predicate}是什么？", "请问{subject}的{predicate}是什么？",
            "你知道{subject}的{predicate}吗？", "{subject}的{predicate}是？", "告诉我{subject}的{predicate}。");
    private static final List<String> ENGLISH = List.of("What is the {predicate} of {subject}?",
            "Do you know the {predicate} of {subject}?", "Tell me the {predicate} of {subject}.",
            "What's the {predicate} of {subject}?");
    private static final List<String> ENGLISH_PLURAL = List.of("What are the {predicates} of {subject}?",
            "Do you know the {predicates} of {subject}?", "Tell me the {predicates} of {subject}.",
            "List the {predicates} of {subject}.");
    private static final List<String> CHINESE_PATH = List.of("{subject}的{first}的{second}是什么？",
            "请问{subject}的{first}的{second}是什么？");
    private static final List<String> ENGLISH_PATH = List.of("What is the {second} of the {first} of {subject}?",
            "Do you know the {second} of the {first} of {subject}?");
    private static final String CHINESE_UNKNOWN = "知识图谱中没有{subject}的{predicate}，我不知道。";
    private static final String ENGLISH_UNKNOWN = "I don't know: the knowledge graph has no {predicate} of {subject}.";
    private static final String TYPE = RDF.type.getURI();

    private final GraphStore store;
    private final Lexicon lexicon;
    private final FactReader reader;
    private final TrainingOptions options;
    private final Set<String> entities;
    /** For each class, the predicates its members have: what may plausibly be asked of another member. */
    private final Map<String, Set<String>> predicatesOfClass;
    private final Set<String> allPredicates;

    private InstructionSamples(GraphStore store, Lexicon lexicon, TrainingOptions options,
                               Map<String, Set<String>> predicatesOfClass, Set<String> allPredicates) {
        this.store = store;
        this.lexicon = lexicon;
        this.reader = new FactReader(store, lexicon);
        this.options = options;
        this.entities = new HashSet<>(lexicon.entities());
        this.predicatesOfClass = predicatesOfClass;
        this.allPredicates = allPredicates;
    }

    /** Reads which predicates the members of each class have, for negative samples. */
    public static InstructionSamples of(GraphStore store, Lexicon lexicon, TrainingOptions options) {
        FactReader reader = new FactReader(store, lexicon);
        Map<String, Set<String>> predicatesOfClass = new HashMap<>();
        Set<String> allPredicates = new TreeSet<>();
        for (String entity : lexicon.entities()) {
            store.read(() -> {
                Set<String> predicates = new HashSet<>();
                for (Fact fact : reader.outgoing(entity, Language.ENGLISH)) {
                    if (!fact.predicate().equals(TYPE)) {
                        predicates.add(fact.predicate());
                    }
                }
                allPredicates.addAll(predicates);
                for (String type : reader.types(entity)) {
                    predicatesOfClass.computeIfAbsent(type, t -> new HashSet<>()).addAll(predicates);
                }
                return null;
            });
        }
        return new InstructionSamples(store, lexicon, options, predicatesOfClass, allPredicates);
    }

    /** The entities samples are made about, sorted by IRI. */
    public List<String> entities() {
        return lexicon.entities();
    }

    /** Every sample about one entity, Chinese first, in a fixed order. */
    public List<TrainingSample> about(String entity) {
        return store.read(() -> {
            List<TrainingSample> samples = new ArrayList<>();
            for (Language language : Language.values()) {
                if (lexicon.hasLabelIn(entity, language)) {
                    SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L
                            + (long) entity.hashCode() * 31 + language.ordinal());
                    Map<String, List<Fact>> groups = groups(entity, language);
                    facts(groups, language, random, samples);
                    paths(entity, groups, language, random, samples);
                    negatives(entity, groups, language, random, samples);
                }
            }
            return samples;
        });
    }

    /** The entity's outgoing facts by predicate (sorted), each the asserted values when there are any. */
    private Map<String, List<Fact>> groups(String entity, Language language) {
        Map<String, List<Fact>> byPredicate = new TreeMap<>();
        for (Fact fact : reader.outgoing(entity, language)) {
            if (lexicon.hasLabelIn(fact.predicate(), language) && !fact.predicate().equals(QUESTION)) {
                byPredicate.computeIfAbsent(fact.predicate(), p -> new ArrayList<>()).add(fact);
            }
        }
        Map<String, List<Fact>> groups = new TreeMap<>();
        byPredicate.forEach((predicate, facts) -> {
            List<Fact> asserted = facts.stream().filter(f -> !f.inferred()).toList();
            List<Fact> chosen = asserted.isEmpty() ? facts : asserted;
            groups.put(predicate, chosen.stream().sorted((a, b) -> a.objectLabel().compareTo(b.objectLabel())).toList());
        });
        return groups;
    }

    private void facts(Map<String, List<Fact>> groups, Language language, SplittableRandom random,
                       List<TrainingSample> samples) {
        for (List<Fact> facts : groups.values()) {
            Fact any = facts.getFirst();
            List<String> values = facts.stream().map(Fact::objectLabel).distinct().toList();
            String answer = Sentences.close(language, Sentences.valuesOf(language, any.subjectLabel(), any.predicateLabel(), values));
            List<String> templates = templates(any.predicate(), language, values.size() > 1);
            for (String template : pick(templates, options.questionsPerFact(), random)) {
                String question = template.replace("{subject}", any.subjectLabel())
                        .replace("{predicates}", Sentences.plural(any.predicateLabel()))
                        .replace("{predicate}", any.predicateLabel());
                samples.add(new TrainingSample(TrainingSample.Kind.FACT, language, any.subject(), List.of(any.predicate()),
                        question, answer, facts.stream().map(Fact::id).toList()));
            }
        }
    }

    /** The predicate's own wordings in the language, or the templates over its label. */
    private List<String> templates(String predicate, Language language, boolean plural) {
        List<String> own = new ArrayList<>();
        for (var quads = store.find(Node.ANY, NodeFactory.createURI(predicate), NodeFactory.createURI(QUESTION), Node.ANY);
                quads.hasNext(); ) {
            Quad quad = quads.next();
            Node wording = quad.getObject();
            if (wording.isLiteral() && language.matches(wording.getLiteralLanguage())
                    && wording.getLiteralLexicalForm().contains("{subject}")) {
                own.add(wording.getLiteralLexicalForm());
            }
        }
        if (!own.isEmpty()) {
            return own.stream().sorted().distinct().toList();
        }
        if (language == Language.CHINESE) {
            return CHINESE;
        }
        return plural ? ENGLISH_PLURAL : ENGLISH;
    }

    private void paths(String entity, Map<String, List<Fact>> groups, Language language, SplittableRandom random,
                       List<TrainingSample> samples) {
        if (options.pathsPerEntity() == 0) {
            return;
        }
        List<List<Fact>> paths = new ArrayList<>();
        for (List<Fact> first : groups.values()) {
            Fact step = first.getFirst();
            if (first.size() != 1 || step.predicate().equals(TYPE) || !entities.contains(step.object())
                    || !lexicon.hasLabelIn(step.object(), language)) {
                continue;  // the first step must lead to one entity, or "the X of the Y of Z" has no single subject
            }
            for (List<Fact> second : groups(step.object(), language).values()) {
                String predicate = second.getFirst().predicate();
                boolean backToStart = second.stream().anyMatch(f -> f.object().equals(entity));
                if (!predicate.equals(TYPE) && !predicate.equals(step.predicate()) && !backToStart) {
                    List<Fact> path = new ArrayList<>();
                    path.add(step);
                    path.addAll(second);
                    paths.add(path);
                }
            }
        }
        for (List<Fact> path : pick(paths, options.pathsPerEntity(), random)) {
            Fact first = path.getFirst();
            Fact second = path.get(1);
            List<String> values = path.subList(1, path.size()).stream().map(Fact::objectLabel).distinct().toList();
            List<String> templates = language == Language.CHINESE ? CHINESE_PATH : ENGLISH_PATH;
            String question = templates.get(random.nextInt(templates.size())).replace("{subject}", first.subjectLabel())
                    .replace("{first}", first.predicateLabel()).replace("{second}", second.predicateLabel());
            String answer = Sentences.sentence(language, List.of(
                    Sentences.valuesOf(language, first.subjectLabel(), first.predicateLabel(), List.of(first.objectLabel())),
                    Sentences.valuesOf(language, second.subjectLabel(), second.predicateLabel(), values)));
            samples.add(new TrainingSample(TrainingSample.Kind.PATH, language, entity,
                    List.of(first.predicate(), second.predicate()), question, answer, path.stream().map(Fact::id).toList()));
        }
    }

    private void negatives(String entity, Map<String, List<Fact>> groups, Language language, SplittableRandom random,
                           List<TrainingSample> samples) {
        double expected = groups.size() * options.negativesPerFact();
        int count = (int) expected + (random.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
        if (count == 0) {
            return;
        }
        Set<String> plausible = new TreeSet<>();
        for (String type : reader.types(entity)) {
            plausible.addAll(predicatesOfClass.getOrDefault(type, Set.of()));
        }
        if (plausible.isEmpty()) {
            plausible.addAll(allPredicates);
        }
        // Not any value, asserted or inferred, and not a question the graph could answer in another language.
        Set<String> has = new HashSet<>();
        reader.outgoing(entity, language).forEach(f -> has.add(f.predicate()));
        plausible.removeAll(has);
        plausible.removeIf(p -> !lexicon.hasLabelIn(p, language));
        String subject = lexicon.label(entity, language);
        for (String predicate : pick(List.copyOf(plausible), count, random)) {
            String label = lexicon.label(predicate, language);
            String template = pick(templates(predicate, language, false), 1, random).getFirst();
            String question = template.replace("{subject}", subject).replace("{predicate}", label);
            String answer = (language == Language.CHINESE ? CHINESE_UNKNOWN : ENGLISH_UNKNOWN)
                    .replace("{subject}", subject).replace("{predicate}", label);
            samples.add(new TrainingSample(TrainingSample.Kind.NEGATIVE, language, entity, List.of(predicate), question,
                    answer, List.of()));
        }
    }

    /** Up to {@code n} of the items, chosen without replacement, in the order chosen. */
    private static <T> List<T> pick(Collection<T> items, int n, SplittableRandom random) {
        List<T> pool = new ArrayList<>(items);
        List<T> chosen = new ArrayList<>();
        while (chosen.size() < n && !pool.isEmpty()) {
            chosen.add(pool.remove(random.nextInt(pool.size())));
        }
        return chosen;
    }
}
