package org.wenjin.knowledge.extraction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.apache.jena.vocabulary.XSD;
import org.wenjin.knowledge.KnowledgeImportException;
import org.wenjin.knowledge.importing.RdfReader;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.text.Folding;

/**
 * What extraction may put into the graph: the allowed classes and predicates, read from RDFS/OWL statements
 * (a class is typed {@code rdfs:Class} or {@code owl:Class}, or is in the class hierarchy or a domain or
 * range; a predicate is typed as a property, or has a domain or range), and the SHACL shapes extracted
 * statements must satisfy. The shapes are those the schema holds itself plus, for every predicate, one made
 * from its domain and range: the subject must be of the domain's class, the object of the range's class or
 * a well-formed literal of the range's datatype.
 *
 * <p>A class or predicate is named to the model, and recognised in its reply, by its IRI's local name and
 * by its labels.
 */
public final class ExtractionSchema {
    private static final String SH = "http://www.w3.org/ns/shacl#";
    private static final Set<Node> CLASS_TYPES = Set.of(RDFS.Class.asNode(), OWL.Class.asNode());
    private static final Set<Node> PROPERTY_TYPES = Set.of(RDF.Property.asNode(), OWL.ObjectProperty.asNode(),
            OWL.DatatypeProperty.asNode(), OWL.TransitiveProperty.asNode(), OWL.SymmetricProperty.asNode(),
            OWL.FunctionalProperty.asNode(), OWL.InverseFunctionalProperty.asNode());

    /** A class statements may type entities with. */
    public record SchemaClass(String iri, List<String> names) {
        public String name() {
            return names.getFirst();
        }
    }

    /**
     * A predicate statements may use.
     *
     * @param domain the class of its subjects, or null for any
     * @param range the class of its objects, or the datatype of its values; null for any entity
     * @param literal whether its values are literals (a datatype range, or typed {@code owl:DatatypeProperty})
     */
    public record SchemaPredicate(String iri, List<String> names, String domain, String range, boolean literal) {
        public String name() {
            return names.getFirst();
        }
    }

    /** What a generated shape checks: the subject or the object of statements with {@code predicate}. */
    record ShapeTarget(String predicate, boolean subject) {
    }

    private final Graph graph;
    private final Map<String, SchemaClass> classes;
    private final Map<String, SchemaPredicate> predicates;
    private final Map<String, SchemaClass> classesByName = new LinkedHashMap<>();
    private final Map<String, SchemaPredicate> predicatesByName = new LinkedHashMap<>();
    private final Shapes shapes;
    private final Map<Node, ShapeTarget> generatedShapes = new LinkedHashMap<>();

    private ExtractionSchema(Graph graph, String name) {
        this.graph = graph;
        this.classes = readClasses(graph);
        this.predicates = readPredicates(graph, classes.keySet());
        if (predicates.isEmpty()) {
            throw new KnowledgeImportException(name, "the schema defines no predicates; type them as rdf:Property, "
                    + "owl:ObjectProperty or owl:DatatypeProperty, or give them a domain or range", null);
        }
        for (SchemaClass c : classes.values()) {
            c.names().forEach(n -> classesByName.putIfAbsent(Folding.fold(n), c));
        }
        for (SchemaPredicate p : predicates.values()) {
            p.names().forEach(n -> predicatesByName.putIfAbsent(Folding.fold(n), p));
        }
        this.shapes = Shapes.parse(withGeneratedShapes(graph));
    }

    /** The schema in a Turtle file. */
    public static ExtractionSchema read(Path turtle) {
        String name = turtle.getFileName().toString();
        try (InputStream in = Files.newInputStream(turtle)) {
            return new ExtractionSchema(RdfReader.read(in, Lang.TURTLE, name, turtle.toUri().toString()), name);
        } catch (NoSuchFileException e) {
            throw new KnowledgeImportException(name, "no such file: " + turtle, e);
        } catch (IOException e) {
            throw new KnowledgeImportException(name, "cannot read " + turtle + ": " + e.getMessage(), e);
        }
    }

    /**
     * The classes and predicates a graph already has (its class and property declarations, hierarchy, domains,
     * ranges and their names), for extracting more of the same. Call in a read.
     */
    public static ExtractionSchema of(GraphStore store, String name) {
        Graph schema = GraphFactory.createGraphMem();
        Set<Node> declared = new LinkedHashSet<>();
        store.find(Node.ANY, Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(q -> {
            if (CLASS_TYPES.contains(q.getObject()) || PROPERTY_TYPES.contains(q.getObject())) {
                schema.add(q.asTriple());
                declared.add(q.getSubject());
            }
        });
        for (Node axiom : List.of(RDFS.subClassOf.asNode(), RDFS.domain.asNode(), RDFS.range.asNode())) {
            store.find(Node.ANY, Node.ANY, axiom, Node.ANY).forEachRemaining(q -> {
                schema.add(q.asTriple());
                declared.add(q.getSubject());
                declared.add(q.getObject());
            });
        }
        for (Node node : declared) {
            for (Node label : List.of(SKOS.prefLabel.asNode(), RDFS.label.asNode(), SKOS.altLabel.asNode())) {
                store.find(Node.ANY, node, label, Node.ANY).forEachRemaining(q -> schema.add(q.asTriple()));
            }
        }
        return new ExtractionSchema(schema, name);
    }

    /** The schema in {@code statements}; {@code name} is what errors call it. */
    public static ExtractionSchema of(Graph statements, String name) {
        return new ExtractionSchema(statements, name);
    }

    public List<SchemaClass> classes() {
        return List.copyOf(classes.values());
    }

    public List<SchemaPredicate> predicates() {
        return List.copyOf(predicates.values());
    }

    /** The class a reply names by local name, label or IRI. */
    public Optional<SchemaClass> classNamed(String name) {
        SchemaClass byIri = classes.get(name.strip());
        return byIri != null ? Optional.of(byIri) : Optional.ofNullable(classesByName.get(Folding.fold(name.strip())));
    }

    /** The predicate a reply names by local name, label or IRI. */
    public Optional<SchemaPredicate> predicateNamed(String name) {
        SchemaPredicate byIri = predicates.get(name.strip());
        return byIri != null ? Optional.of(byIri) : Optional.ofNullable(predicatesByName.get(Folding.fold(name.strip())));
    }

    /** The schema's own statements (the class hierarchy among them, which SHACL's sh:class follows). */
    public Graph graph() {
        return graph;
    }

    Shapes shapes() {
        return shapes;
    }

    /** The predicate and end a shape made from a domain or range checks; null for the schema's own shapes. */
    ShapeTarget generatedShape(Node shape) {
        return generatedShapes.get(shape);
    }

    private static Map<String, SchemaClass> readClasses(Graph graph) {
        Set<String> iris = new LinkedHashSet<>();
        graph.find(Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(t -> {
            if (CLASS_TYPES.contains(t.getObject()) && t.getSubject().isURI()) {
                iris.add(t.getSubject().getURI());
            }
        });
        graph.find(Node.ANY, RDFS.subClassOf.asNode(), Node.ANY).forEachRemaining(t -> {
            addUri(iris, t.getSubject());
            addUri(iris, t.getObject());
        });
        for (Node axiom : List.of(RDFS.domain.asNode(), RDFS.range.asNode())) {
            graph.find(Node.ANY, axiom, Node.ANY).forEachRemaining(t -> {
                if (!isDatatype(t.getObject())) {
                    addUri(iris, t.getObject());
                }
            });
        }
        Map<String, SchemaClass> classes = new LinkedHashMap<>();
        iris.stream().sorted().forEach(iri -> classes.put(iri, new SchemaClass(iri, names(graph, iri))));
        return classes;
    }

    private static Map<String, SchemaPredicate> readPredicates(Graph graph, Set<String> classes) {
        Set<String> iris = new LinkedHashSet<>();
        graph.find(Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(t -> {
            if (PROPERTY_TYPES.contains(t.getObject()) && t.getSubject().isURI()) {
                iris.add(t.getSubject().getURI());
            }
        });
        for (Node axiom : List.of(RDFS.domain.asNode(), RDFS.range.asNode())) {
            graph.find(Node.ANY, axiom, Node.ANY).forEachRemaining(t -> addUri(iris, t.getSubject()));
        }
        iris.removeAll(classes);
        Map<String, SchemaPredicate> predicates = new LinkedHashMap<>();
        for (String iri : iris.stream().sorted().toList()) {
            Node p = NodeFactory.createURI(iri);
            String domain = object(graph, p, RDFS.domain.asNode());
            String range = object(graph, p, RDFS.range.asNode());
            boolean literal = graph.contains(p, RDF.type.asNode(), OWL.DatatypeProperty.asNode())
                    || (range != null && isDatatype(NodeFactory.createURI(range)));
            predicates.put(iri, new SchemaPredicate(iri, names(graph, iri), domain, range, literal));
        }
        return predicates;
    }

    private static void addUri(Set<String> iris, Node node) {
        if (node.isURI()) {
            iris.add(node.getURI());
        }
    }

    private static String object(Graph graph, Node subject, Node predicate) {
        List<Triple> found = graph.find(subject, predicate, Node.ANY).toList();
        return found.stream().map(Triple::getObject).filter(Node::isURI).map(Node::getURI).sorted().findFirst().orElse(null);
    }

    /** An XSD datatype, rdfs:Literal or rdf:langString: a range whose values are literals. */
    static boolean isDatatype(Node node) {
        return node.isURI() && (node.getURI().startsWith(XSD.NS) || node.equals(RDFS.Literal.asNode())
                || node.equals(RDF.langString.asNode()));
    }

    /** The local name first, then every label and alias. */
    private static List<String> names(Graph graph, String iri) {
        List<String> names = new ArrayList<>();
        names.add(Lexicon.localName(iri));
        Node node = NodeFactory.createURI(iri);
        List<String> labels = new ArrayList<>();
        for (Node predicate : List.of(SKOS.prefLabel.asNode(), RDFS.label.asNode(), SKOS.altLabel.asNode())) {
            graph.find(node, predicate, Node.ANY).forEachRemaining(t -> {
                if (t.getObject().isLiteral()) {
                    labels.add(t.getObject().getLiteralLexicalForm().strip());
                }
            });
        }
        labels.sort(Comparator.naturalOrder());
        for (String label : labels) {
            if (!label.isEmpty() && !names.contains(label)) {
                names.add(label);
            }
        }
        return List.copyOf(names);
    }

    /** The schema's statements plus a node shape per domain and per range (W3C SHACL, sections 2.1.3.3-4, 4.1.1, 4.1.3). */
    private Graph withGeneratedShapes(Graph schema) {
        Graph all = GraphFactory.createGraphMem();
        schema.find().forEachRemaining(all::add);
        Node type = RDF.type.asNode();
        Node nodeShape = NodeFactory.createURI(SH + "NodeShape");
        int n = 0;
        for (SchemaPredicate predicate : predicates.values()) {
            Node p = NodeFactory.createURI(predicate.iri());
            if (predicate.domain() != null) {
                Node shape = NodeFactory.createURI("urn:wenjin:shape:" + n++);
                all.add(shape, type, nodeShape);
                all.add(shape, NodeFactory.createURI(SH + "targetSubjectsOf"), p);
                all.add(shape, NodeFactory.createURI(SH + "class"), NodeFactory.createURI(predicate.domain()));
                generatedShapes.put(shape, new ShapeTarget(predicate.iri(), true));
            }
            if (predicate.range() != null) {
                Node shape = NodeFactory.createURI("urn:wenjin:shape:" + n++);
                all.add(shape, type, nodeShape);
                all.add(shape, NodeFactory.createURI(SH + "targetObjectsOf"), p);
                Node range = NodeFactory.createURI(predicate.range());
                if (range.equals(RDFS.Literal.asNode())) {
                    all.add(shape, NodeFactory.createURI(SH + "nodeKind"), NodeFactory.createURI(SH + "Literal"));
                } else if (isDatatype(range)) {
                    all.add(shape, NodeFactory.createURI(SH + "datatype"), range);
                } else {
                    all.add(shape, NodeFactory.createURI(SH + "class"), range);
                }
                generatedShapes.put(shape, new ShapeTarget(predicate.iri(), false));
            }
        }
        return all;
    }
}
