package org.wenjin.knowledge.extraction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;
import org.wenjin.knowledge.extraction.ExtractionSchema.SchemaClass;
import org.wenjin.knowledge.extraction.ExtractionSchema.SchemaPredicate;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.text.Folding;
import org.wenjin.knowledge.text.Script;
import org.wenjin.model.ChatMessage;

/**
 * Asks a model for the statements a passage makes, under a schema, and checks its reply: every predicate
 * and class must be the schema's, every entity is merged with the graph's entity of the same label or alias
 * (of the class the reply gives, when several share the name) or else becomes a new entity named by it, and
 * the statements must satisfy the schema's SHACL shapes. What fails is refused with the reason.
 */
public final class TripleExtractor {
    /** The namespace of entities extraction introduces, named by their folded name so two passages agree. */
    public static final String ENTITY_NAMESPACE = "urn:wenjin:entity:";
    /** The text of a passage statements were extracted from, on {@code urn:wenjin:passage:<hash>}. */
    public static final Node PASSAGE_TEXT = NodeFactory.createURI("urn:wenjin:passageText");
    /** The document a passage is part of. */
    public static final Node DOCUMENT = NodeFactory.createURI("urn:wenjin:document");
    private static final int LISTED = 15;

    private final ExtractionSchema schema;
    private final Lexicon lexicon;
    private final FactReader reader;

    public TripleExtractor(ExtractionSchema schema, Lexicon lexicon, GraphStore store) {
        this.schema = schema;
        this.lexicon = lexicon;
        this.reader = new FactReader(store, lexicon);
    }

    /** The conversation that asks the model for the passage's statements as JSON. */
    public List<ChatMessage> prompt(Passage passage) {
        StringBuilder system = new StringBuilder("""
                You read a passage and extract the facts it states as knowledge-graph triples.
                Allowed entity types:
                """);
        for (SchemaClass c : schema.classes()) {
            system.append("- ").append(String.join(" / ", c.names().subList(0, Math.min(3, c.names().size())))).append('\n');
        }
        system.append("Allowed predicates (subject type -> object type, or -> value for a literal):\n");
        for (SchemaPredicate p : schema.predicates()) {
            system.append("- ").append(String.join(" / ", p.names().subList(0, Math.min(3, p.names().size()))))
                    .append(": ").append(p.domain() == null ? "any" : Lexicon.localName(p.domain())).append(" -> ")
                    .append(p.literal() ? "value" + (p.range() == null ? "" : " (" + Lexicon.localName(p.range()) + ")")
                            : p.range() == null ? "any" : Lexicon.localName(p.range()))
                    .append('\n');
        }
        system.append("""
                Use only these types and predicates. Write entity names exactly as the passage writes them, give \
                subject_type and object_type from the allowed types, and state only what the passage says.
                Reply with JSON only, in this form:
                {"triples": [{"subject": "...", "subject_type": "...", "predicate": "...", "object": "...", "object_type": "..."}]}
                If the passage states none of these facts, reply {"triples": []}.""");
        return List.of(ChatMessage.system(system.toString()), ChatMessage.user(passage.text()));
    }

    /** An entity the reply names: the graph's, or a new one the passage introduces. */
    private record Entity(Node node, boolean introduced) {
    }

    /** One offered statement made into RDF, with what it needs asserted beside it. */
    private record Offer(CandidateTriple candidate, Triple triple, List<Triple> statements) {
    }

    /** Checks a reply to {@link #prompt}: the statements that may enter the graph, and what is refused. Call in a read. */
    public PassageResult check(Passage passage, String reply) {
        ModelReply.Parsed parsed = ModelReply.parse(reply);
        List<Rejection> rejections = new ArrayList<>();
        parsed.problems().forEach(p -> rejections.add(new Rejection(passage.source(), p.offered(), p.reason())));
        List<Offer> offers = new ArrayList<>();
        for (CandidateTriple candidate : parsed.triples()) {
            String problem = offer(candidate, offers);
            if (problem != null) {
                rejections.add(new Rejection(passage.source(), candidate.written(), problem));
            }
        }
        Map<Offer, String> refused = shaclViolations(offers);
        Graph statements = GraphFactory.createGraphMem();
        List<Triple> accepted = new ArrayList<>();
        for (Offer offer : offers) {
            String reason = refused.get(offer);
            if (reason != null) {
                rejections.add(new Rejection(passage.source(), offer.candidate().written(), reason));
            } else if (!statements.contains(offer.triple())) {
                offer.statements().forEach(statements::add);
                accepted.add(offer.triple());
            }
        }
        return new PassageResult(passage, statements, accepted, rejections);
    }

    /** Makes the candidate into RDF and adds it to {@code offers}; or returns why it cannot be. */
    private String offer(CandidateTriple candidate, List<Offer> offers) {
        Optional<SchemaPredicate> found = schema.predicateNamed(candidate.predicate());
        if (found.isEmpty()) {
            return "the predicate '" + candidate.predicate() + "' is not in the schema; it has " + listed(
                    schema.predicates().stream().map(SchemaPredicate::name).toList());
        }
        SchemaPredicate predicate = found.get();
        SchemaClass subjectType = null;
        if (candidate.subjectType() != null) {
            subjectType = schema.classNamed(candidate.subjectType()).orElse(null);
            if (subjectType == null) {
                return unknownClass(candidate.subjectType());
            }
        }
        List<Triple> statements = new ArrayList<>();
        Entity subject = entity(candidate.subject(), subjectType, statements);
        Node object;
        if (predicate.literal()) {
            object = literal(candidate.object(), predicate.range());
            if (object == null) {
                return "'" + candidate.object() + "' is not a valid " + Lexicon.localName(predicate.range())
                        + ", the datatype of " + predicate.name();
            }
        } else {
            SchemaClass objectType = null;
            if (candidate.objectType() != null) {
                objectType = schema.classNamed(candidate.objectType()).orElse(null);
                if (objectType == null) {
                    return unknownClass(candidate.objectType());
                }
            }
            object = entity(candidate.object(), objectType, statements).node();
        }
        Triple triple = Triple.create(subject.node(), NodeFactory.createURI(predicate.iri()), object);
        statements.addFirst(triple);
        offers.add(new Offer(candidate, triple, statements));
        return null;
    }

    private String unknownClass(String name) {
        return "the class '" + name + "' is not in the schema; it has "
                + listed(schema.classes().stream().map(SchemaClass::name).toList());
    }

    private static String listed(List<String> names) {
        return names.size() <= LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }

    /**
     * The graph's entity with this label or alias, preferring one of {@code type} when several share it; or a
     * new entity, whose label (and type, when given) are added to {@code statements}.
     */
    private Entity entity(String name, SchemaClass type, List<Triple> statements) {
        List<Lexicon.Candidate> known = lexicon.named(name);
        if (!known.isEmpty()) {
            for (Lexicon.Candidate candidate : known) {
                if (type == null || reader.types(candidate.entity()).contains(type.iri())) {
                    return new Entity(NodeFactory.createURI(candidate.entity()), false);
                }
            }
            return new Entity(NodeFactory.createURI(known.getFirst().entity()), false);
        }
        Node node = NodeFactory.createURI(ENTITY_NAMESPACE + iriSafe(Folding.fold(name.strip())));
        String label = name.strip();
        statements.add(Triple.create(node, RDFS.label.asNode(), hasHan(label)
                ? NodeFactory.createLiteralLang(label, "zh") : NodeFactory.createLiteralString(label)));
        if (type != null) {
            statements.add(Triple.create(node, RDF.type.asNode(), NodeFactory.createURI(type.iri())));
        }
        return new Entity(node, true);
    }

    /** A literal of the predicate's datatype, or null when the text is not a valid one. */
    private static Node literal(String text, String range) {
        if (range == null || range.equals(RDFS.Literal.getURI()) || range.equals(RDF.langString.getURI())) {
            return hasHan(text) ? NodeFactory.createLiteralLang(text, "zh") : NodeFactory.createLiteralString(text);
        }
        if (range.equals(XSD.xstring.getURI())) {
            return NodeFactory.createLiteralString(text);
        }
        RDFDatatype datatype = TypeMapper.getInstance().getSafeTypeByName(range);
        return datatype.isValid(text) ? NodeFactory.createLiteralDT(text, datatype) : null;
    }

    private static boolean hasHan(String text) {
        return text.chars().anyMatch(c -> Script.isHan((char) c));
    }

    /** The name as an IRI segment: white space as '_', and the chars an IRI cannot hold percent-encoded. */
    private static String iriSafe(String name) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c)) {
                safe.append('_');
            } else if (c < 0x20 || "<>\"{}|\\^`#%?/[]@:".indexOf(c) >= 0) {
                safe.append('%').append(String.format("%02X", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    /**
     * Validates every offer together with the schema (its class hierarchy) and the types the graph gives the
     * entities they name, and maps each SHACL violation back to the offers it concerns.
     */
    private Map<Offer, String> shaclViolations(List<Offer> offers) {
        Graph data = GraphFactory.createGraphMem();
        schema.graph().find().forEachRemaining(data::add);
        Set<Node> named = new HashSet<>();
        for (Offer offer : offers) {
            offer.statements().forEach(data::add);
            named.add(offer.triple().getSubject());
            named.add(offer.triple().getObject());
        }
        for (Node node : named) {
            if (node.isURI()) {
                for (String type : reader.types(node.getURI())) {
                    data.add(node, RDF.type.asNode(), NodeFactory.createURI(type));
                }
            }
        }
        ValidationReport report = ShaclValidator.get().validate(schema.shapes(), data);
        Map<Offer, String> refused = new LinkedHashMap<>();
        for (ReportEntry entry : report.getEntries()) {
            ExtractionSchema.ShapeTarget target = schema.generatedShape(entry.source());
            Node focus = entry.focusNode();
            if (target != null) {
                // A shape made from a domain or range: the statements with that predicate and that subject or object.
                SchemaPredicate predicate = schema.predicateNamed(target.predicate()).orElseThrow();
                for (Offer offer : offers) {
                    Triple t = offer.triple();
                    if (t.getPredicate().getURI().equals(target.predicate()) && (target.subject() ? t.getSubject() : t.getObject()).equals(focus)) {
                        String said = target.subject() ? offer.candidate().subject() : offer.candidate().object();
                        String expected = target.subject() ? predicate.domain() : predicate.range();
                        refused.putIfAbsent(offer, "fails the schema's SHACL shapes: '" + said + "' is not known to be a "
                                + Lexicon.localName(expected) + ", the " + (target.subject() ? "domain" : "range") + " of "
                                + predicate.name() + " (" + entry.message() + ")");
                    }
                }
                continue;
            }
            // A shape of the schema's own: the offers that state the failing property of the focus node, or else
            // every offer that says something about it.
            List<Offer> concerned = new ArrayList<>();
            if (entry.resultPath() instanceof P_Link link) {
                for (Offer offer : offers) {
                    if (offer.statements().stream().anyMatch(t -> t.getSubject().equals(focus) && t.getPredicate().equals(link.getNode()))) {
                        concerned.add(offer);
                    }
                }
            }
            if (concerned.isEmpty()) {
                for (Offer offer : offers) {
                    if (offer.statements().stream().anyMatch(t -> t.getSubject().equals(focus) || t.getObject().equals(focus))) {
                        concerned.add(offer);
                    }
                }
            }
            concerned.forEach(offer -> refused.putIfAbsent(offer, "fails the schema's SHACL shapes: " + entry.message()));
        }
        return refused;
    }
}
