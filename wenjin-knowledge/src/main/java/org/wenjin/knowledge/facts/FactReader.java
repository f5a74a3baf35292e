package org.wenjin.knowledge.facts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.store.Provenance;
import org.wenjin.knowledge.text.Language;

/**
 * Reads the statements about an entity as {@link Fact}s: labels in the reader's language, the sources
 * from the named graphs, and the rule for a statement only inference gives. Statements that only name
 * things (labels and aliases) are not facts. Call in a read transaction.
 */
public final class FactReader {
    private static final Set<Node> NAMING = new HashSet<>(Lexicon.LABEL_PREDICATES);
    /** Hex digits of SHA-256 in a fact id: 40 bits, so a collision is unlikely below a million statements per question. */
    private static final int ID_HEX_DIGITS = 10;

    private final GraphStore store;
    private final Lexicon lexicon;

    public FactReader(GraphStore store, Lexicon lexicon) {
        this.store = store;
        this.lexicon = lexicon;
    }

    /** Statements with {@code entity} as subject. */
    public List<Fact> outgoing(String entity, Language language) {
        return facts(store.find(Node.ANY, NodeFactory.createURI(entity), Node.ANY, Node.ANY), language);
    }

    /** Statements with {@code entity} as object. */
    public List<Fact> incoming(String entity, Language language) {
        return facts(store.find(Node.ANY, Node.ANY, Node.ANY, NodeFactory.createURI(entity)), language);
    }

    /** The classes an entity belongs to, asserted or inferred. */
    public Set<String> types(String entity) {
        Set<String> types = new HashSet<>();
        Iterator<Quad> quads = store.find(Node.ANY, NodeFactory.createURI(entity), RDF.type.asNode(), Node.ANY);
        while (quads.hasNext()) {
            Node type = quads.next().getObject();
            if (type.isURI()) {
                types.add(type.getURI());
            }
        }
        return types;
    }

    /** Whether the fact's object is a literal rather than a resource. */
    public boolean hasLiteralObject(Fact fact) {
        return !store.contains(Node.ANY, NodeFactory.createURI(fact.subject()), NodeFactory.createURI(fact.predicate()),
                NodeFactory.createURI(fact.object()));
    }

    private List<Fact> facts(Iterator<Quad> quads, Language language) {
        Map<Triple, List<Provenance>> provenance = new LinkedHashMap<>();
        while (quads.hasNext()) {
            Quad quad = quads.next();
            if (NAMING.contains(quad.getPredicate())) {
                continue;
            }
            Provenance.of(quad.getGraph()).ifPresent(p -> provenance.computeIfAbsent(quad.asTriple(), t -> new ArrayList<>()).add(p));
        }
        List<Triple> kept = inLanguage(provenance.keySet(), language);
        List<Fact> facts = new ArrayList<>();
        for (Triple triple : kept) {
            facts.add(fact(triple, provenance.get(triple), language));
        }
        return facts;
    }

    /**
     * Of literals in several languages for one subject and predicate, only those in the reader's language,
     * when there are any; a description in the other language would only repeat it.
     */
    private static List<Triple> inLanguage(Set<Triple> triples, Language language) {
        Map<List<Node>, Boolean> hasOwnLanguage = new HashMap<>();
        for (Triple t : triples) {
            if (t.getObject().isLiteral() && language.matches(t.getObject().getLiteralLanguage())) {
                hasOwnLanguage.put(List.of(t.getSubject(), t.getPredicate()), true);
            }
        }
        List<Triple> kept = new ArrayList<>();
        for (Triple t : triples) {
            Node o = t.getObject();
            boolean otherLanguage = o.isLiteral() && !o.getLiteralLanguage().isEmpty() && !language.matches(o.getLiteralLanguage());
            if (otherLanguage && hasOwnLanguage.containsKey(List.of(t.getSubject(), t.getPredicate()))) {
                continue;
            }
            kept.add(t);
        }
        return kept;
    }

    private Fact fact(Triple triple, List<Provenance> provenances, Language language) {
        SortedSet<String> asserted = new TreeSet<>();
        Provenance inferred = null;
        for (Provenance p : provenances) {
            if (p.isInferred()) {
                if (inferred == null || p.rule().compareTo(inferred.rule()) < 0) {
                    inferred = p;
                }
            } else {
                asserted.addAll(p.sources());
            }
        }
        String rule = asserted.isEmpty() && inferred != null ? inferred.rule() : null;
        SortedSet<String> sources = asserted.isEmpty() && inferred != null ? inferred.sources() : asserted;
        Node s = triple.getSubject();
        Node p = triple.getPredicate();
        Node o = triple.getObject();
        return new Fact(id(triple), value(s), name(s, language), p.getURI(), lexicon.label(p.getURI(), language),
                value(o), name(o, language), String.join(", ", sources), rule);
    }

    private String name(Node node, Language language) {
        if (node.isURI()) {
            return lexicon.label(node.getURI(), language);
        }
        return value(node);
    }

    private static String value(Node node) {
        if (node.isURI()) {
            return node.getURI();
        }
        if (node.isLiteral()) {
            return node.getLiteralLexicalForm();
        }
        return "_:" + node.getBlankNodeLabel();
    }

    /** "F" and the start of the SHA-256 of the statement in N-Triples form: the same statement, the same id. */
    public static String id(Triple triple) {
        String statement = NodeFmtLib.strNT(triple.getSubject()) + " " + NodeFmtLib.strNT(triple.getPredicate()) + " "
                + NodeFmtLib.strNT(triple.getObject());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(statement.getBytes(StandardCharsets.UTF_8));
            return "F" + HexFormat.of().formatHex(hash).substring(0, ID_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
