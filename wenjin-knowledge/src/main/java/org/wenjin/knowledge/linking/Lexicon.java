package org.wenjin.knowledge.linking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.text.AhoCorasick;
import org.wenjin.knowledge.text.ChineseSegmenter;
import org.wenjin.knowledge.text.Folding;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.text.Terms;

/**
 * How the graph names things: every label and alias ({@code skos:prefLabel}, {@code rdfs:label},
 * {@code skos:altLabel}, any language) of every resource, which resources are classes and properties,
 * and the automata that find those names in a text. Built once after each import; immutable.
 *
 * <p>Classes and properties are not linked as entities: their names are what a question says about
 * entities ("公司", "developer"). Class names serve as type keywords, property names as predicate words.
 */
public final class Lexicon {
    /** The label predicates, strongest first: SKOS allows one prefLabel per language, rdfs:label is the RDF default. */
    public static final List<Node> LABEL_PREDICATES = List.of(SKOS.prefLabel.asNode(), RDFS.label.asNode(),
            SKOS.altLabel.asNode());

    private static final List<Node> PROPERTY_TYPES = List.of(RDF.Property.asNode(), OWL.ObjectProperty.asNode(),
            OWL.DatatypeProperty.asNode(), OWL.AnnotationProperty.asNode(), OWL.TransitiveProperty.asNode(),
            OWL.SymmetricProperty.asNode(), OWL.FunctionalProperty.asNode(), OWL.InverseFunctionalProperty.asNode());
    private static final List<Node> PROPERTY_AXIOMS = List.of(RDFS.subPropertyOf.asNode(), RDFS.domain.asNode(),
            RDFS.range.asNode(), OWL.inverseOf.asNode());
    private static final List<Node> CLASS_TYPES = List.of(RDFS.Class.asNode(), OWL.Class.asNode());

    /** Names for the RDF, RDFS and OWL terms a fact may show, for graphs that do not label them themselves. */
    private static final Map<String, List<Label>> BUILT_IN = Map.of(
            RDF.type.getURI(), List.of(new Label("type", "en", 1), new Label("类型", "zh", 1),
                    new Label("is a", "en", 2), new Label("是一种", "zh", 2)),
            RDFS.subClassOf.getURI(), List.of(new Label("subclass of", "en", 1), new Label("上位类", "zh", 1)),
            RDFS.subPropertyOf.getURI(), List.of(new Label("subproperty of", "en", 1), new Label("上位属性", "zh", 1)),
            RDFS.domain.getURI(), List.of(new Label("domain", "en", 1), new Label("定义域", "zh", 1)),
            RDFS.range.getURI(), List.of(new Label("range", "en", 1), new Label("值域", "zh", 1)),
            RDFS.comment.getURI(), List.of(new Label("description", "en", 1), new Label("说明", "zh", 1)),
            RDFS.seeAlso.getURI(), List.of(new Label("see also", "en", 1), new Label("参见", "zh", 1)),
            OWL.inverseOf.getURI(), List.of(new Label("inverse of", "en", 1), new Label("逆属性", "zh", 1)),
            OWL.sameAs.getURI(), List.of(new Label("same as", "en", 1), new Label("等同于", "zh", 1)));

    /**
     * One name of a resource.
     *
     * @param strength 0 for skos:prefLabel, 1 for rdfs:label, 2 for skos:altLabel
     */
    public record Label(String text, String language, int strength) {
        public boolean preferred() {
            return strength < 2;
        }
    }

    /** An entity a name may refer to, and how strongly that name belongs to it. */
    public record Candidate(String entity, Label label) {
    }

    private final Map<String, List<Label>> labels;
    private final Set<String> classes;
    private final Set<String> properties;
    private final List<List<Candidate>> candidatesByName;
    private final Map<String, List<Candidate>> candidatesByFoldedName;
    private final AhoCorasick entityNames;
    private final List<Set<String>> classesByName;
    private final AhoCorasick classNames;
    private final ChineseSegmenter segmenter;
    private final Map<String, List<Set<String>>> predicateTerms = new ConcurrentHashMap<>();

    private Lexicon(Map<String, List<Label>> labels, Set<String> classes, Set<String> properties) {
        this.labels = labels;
        this.classes = classes;
        this.properties = properties;

        Map<String, Map<String, Candidate>> entities = new LinkedHashMap<>();
        Map<String, Set<String>> classKeywords = new LinkedHashMap<>();
        Set<String> wordsForSegmenter = new HashSet<>();
        for (Map.Entry<String, List<Label>> entry : labels.entrySet()) {
            String resource = entry.getKey();
            boolean isClass = classes.contains(resource);
            if (properties.contains(resource)) {
                continue;
            }
            for (Label label : entry.getValue()) {
                for (String form : forms(label.text())) {
                    String name = Folding.fold(form);
                    if (name.isBlank()) {
                        continue;
                    }
                    wordsForSegmenter.add(form);
                    if (isClass) {
                        classKeywords.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(resource);
                    } else {
                        // The strongest label of an entity with this name speaks for it.
                        entities.computeIfAbsent(name, n -> new LinkedHashMap<>())
                                .merge(resource, new Candidate(resource, label),
                                        (a, b) -> a.label().strength() <= b.label().strength() ? a : b);
                    }
                }
            }
        }
        List<String> names = new ArrayList<>(entities.keySet());
        this.candidatesByName = names.stream().map(n -> List.copyOf(entities.get(n).values())).toList();
        this.candidatesByFoldedName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            candidatesByFoldedName.put(names.get(i), candidatesByName.get(i));
        }
        this.entityNames = new AhoCorasick(names);
        List<String> keywords = new ArrayList<>(classKeywords.keySet());
        this.classesByName = keywords.stream().map(k -> Set.copyOf(classKeywords.get(k))).toList();
        this.classNames = new AhoCorasick(keywords);
        this.segmenter = new ChineseSegmenter(wordsForSegmenter);
    }

    /** The forms a label is matched in: itself, and for a transliterated name (萨姆·奥尔特曼) also without the dots. */
    private static List<String> forms(String label) {
        String text = label.strip();
        String undotted = Folding.withoutNameDots(text);
        return undotted.equals(text) || undotted.isBlank() ? List.of(text) : List.of(text, undotted);
    }

    /**
     * Reads every label and the class and property status of each labelled resource, with a handful of
     * bulk reads (so that a remote store answers in a few requests). Call in a read.
     */
    public static Lexicon of(GraphStore store) {
        Map<String, Set<Label>> found = new HashMap<>();
        for (int strength = 0; strength < LABEL_PREDICATES.size(); strength++) {
            var quads = store.find(Node.ANY, Node.ANY, LABEL_PREDICATES.get(strength), Node.ANY);
            while (quads.hasNext()) {
                Quad quad = quads.next();
                Node subject = quad.getSubject();
                Node object = quad.getObject();
                if (!subject.isURI() || !object.isLiteral() || object.getLiteralLexicalForm().isBlank()) {
                    continue;
                }
                found.computeIfAbsent(subject.getURI(), s -> new LinkedHashSet<>())
                        .add(new Label(object.getLiteralLexicalForm().strip(), object.getLiteralLanguage(), strength));
            }
        }
        // A class is something things are typed with, is in the class hierarchy, or is typed as a class; a
        // property is typed as one, has a property axiom, or is used as a predicate.
        Set<String> classes = new HashSet<>();
        Set<String> properties = new HashSet<>(BUILT_IN.keySet());
        for (var quads = store.find(Node.ANY, Node.ANY, RDF.type.asNode(), Node.ANY); quads.hasNext(); ) {
            Quad quad = quads.next();
            Node type = quad.getObject();
            if (type.isURI()) {
                classes.add(type.getURI());
            }
            if (quad.getSubject().isURI() && CLASS_TYPES.contains(type)) {
                classes.add(quad.getSubject().getURI());
            } else if (quad.getSubject().isURI() && PROPERTY_TYPES.contains(type)) {
                properties.add(quad.getSubject().getURI());
            }
        }
        for (var quads = store.find(Node.ANY, Node.ANY, RDFS.subClassOf.asNode(), Node.ANY); quads.hasNext(); ) {
            Quad quad = quads.next();
            for (Node end : List.of(quad.getSubject(), quad.getObject())) {
                if (end.isURI()) {
                    classes.add(end.getURI());
                }
            }
        }
        for (Node axiom : PROPERTY_AXIOMS) {
            for (var quads = store.find(Node.ANY, Node.ANY, axiom, Node.ANY); quads.hasNext(); ) {
                Node subject = quads.next().getSubject();
                if (subject.isURI()) {
                    properties.add(subject.getURI());
                }
            }
        }
        List<Node> undecided = new ArrayList<>();
        for (String iri : found.keySet()) {
            if (!classes.contains(iri) && !properties.contains(iri)) {
                undecided.add(NodeFactory.createURI(iri));
            }
        }
        for (Node predicate : store.usedAsPredicate(undecided)) {
            properties.add(predicate.getURI());
        }

        Map<String, List<Label>> labels = new HashMap<>(BUILT_IN);
        for (Map.Entry<String, Set<Label>> entry : found.entrySet()) {
            labels.put(entry.getKey(), entry.getValue().stream()
                    .sorted(Comparator.comparingInt(Label::strength).thenComparing(Label::language).thenComparing(Label::text))
                    .toList());
        }
        // Only labelled resources matter, and a class is never also a property.
        classes.retainAll(found.keySet());
        properties.removeIf(p -> !found.containsKey(p) && !BUILT_IN.containsKey(p));
        properties.removeAll(classes);
        return new Lexicon(labels, classes, properties);
    }

    AhoCorasick entityNames() {
        return entityNames;
    }

    List<Candidate> candidates(int name) {
        return candidatesByName.get(name);
    }

    AhoCorasick classNames() {
        return classNames;
    }

    Set<String> classesNamed(int name) {
        return classesByName.get(name);
    }

    public ChineseSegmenter segmenter() {
        return segmenter;
    }

    public boolean isClass(String iri) {
        return classes.contains(iri);
    }

    public boolean isProperty(String iri) {
        return properties.contains(iri);
    }

    /** The entities one of whose labels or aliases is {@code name} (compared folded), strongest label first; empty if none. */
    public List<Candidate> named(String name) {
        List<Candidate> found = candidatesByFoldedName.getOrDefault(Folding.fold(name.strip()), List.of());
        return found.stream().sorted(Comparator.comparingInt(c -> c.label().strength())).toList();
    }

    /** The labelled resources that are neither classes nor properties, sorted by IRI. */
    public List<String> entities() {
        return labels.keySet().stream().filter(iri -> !classes.contains(iri) && !properties.contains(iri)).sorted().toList();
    }

    /** Whether the resource has a label in {@code language}, or one with no language tag. */
    public boolean hasLabelIn(String iri, Language language) {
        return labels(iri).stream().anyMatch(l -> l.language().isEmpty() || language.matches(l.language()));
    }

    /** Every label of a resource, strongest first; empty if it has none. */
    public List<Label> labels(String iri) {
        return labels.getOrDefault(iri, List.of());
    }

    /**
     * The name to show for a resource in a language: a preferred label in that language, else one without
     * a language tag, else an alias in that language, else the English or any preferred label, else any
     * label, else the last segment of its IRI.
     */
    public String label(String iri, Language language) {
        List<Label> all = labels(iri);
        for (Label label : all) {
            if (label.preferred() && language.matches(label.language())) {
                return label.text();
            }
        }
        for (Label label : all) {
            if (label.preferred() && label.language().isEmpty()) {
                return label.text();
            }
        }
        for (Label label : all) {
            if (language.matches(label.language())) {
                return label.text();
            }
        }
        for (Label label : all) {
            if (label.preferred() && Language.ENGLISH.matches(label.language())) {
                return label.text();
            }
        }
        return all.isEmpty() ? localName(iri) : all.getFirst().text();
    }

    /**
     * The terms of each name of a predicate, in every language, for matching against a question; a
     * predicate without labels is named by its IRI's last segment, split at camel case ("releaseYear").
     */
    public List<Set<String>> predicateTerms(String predicate) {
        return predicateTerms.computeIfAbsent(predicate, p -> {
            List<Set<String>> terms = new ArrayList<>();
            for (Label label : labels(p)) {
                Set<String> t = Terms.of(label.text());
                if (!t.isEmpty()) {
                    terms.add(t);
                }
            }
            Set<String> fromIri = Terms.of(localName(p).replaceAll("(\\p{Ll})(\\p{Lu})", "$1 $2").replace('_', ' '));
            if (!fromIri.isEmpty()) {
                terms.add(fromIri);
            }
            return List.copyOf(terms);
        });
    }

    /** The last segment of an IRI, after its last '#', '/' or ':'. */
    public static String localName(String iri) {
        int cut = Math.max(iri.lastIndexOf('#'), Math.max(iri.lastIndexOf('/'), iri.lastIndexOf(':')));
        return cut >= 0 && cut < iri.length() - 1 ? iri.substring(cut + 1) : iri;
    }
}
