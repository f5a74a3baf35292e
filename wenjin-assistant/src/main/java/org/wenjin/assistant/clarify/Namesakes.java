package org.wenjin.assistant.clarify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.exec.RowSet;
import org.wenjin.assistant.Language;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.KnowledgeGraph;

/**
 * Finds names that several entities of the graph share ("李娜" the tennis player and "李娜" the singer) and
 * what tells those entities apart, so that a question naming one of them without context can be answered
 * with a clarifying question instead of a guess.
 *
 * <p>The entity linker always picks one entity for a name; its score says how sure it is. When the context
 * settles the choice (a neighbour of one candidate or a type keyword beside the name) the linker's certainty,
 * a softmax over the candidates' evidence, rises well above the 1/n of a tie, so a mention scored below
 * {@link #SETTLED} is taken as a choice the question did not make.
 */
public final class Namesakes {
    /** Two tied candidates score about 0.5 to 0.6 (prominence alone separates them); a type keyword beside the name gives about 0.8. */
    static final double SETTLED = 0.7;
    private static final Duration QUERY_LIMIT = Duration.ofSeconds(5);
    private static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    private static final Set<String> DESCRIPTIONS = Set.of(
            "http://www.w3.org/2000/01/rdf-schema#comment",
            "http://www.w3.org/2004/02/skos/core#definition",
            "http://schema.org/description",
            "https://schema.org/description");

    private final KnowledgeGraph graph;

    public Namesakes(KnowledgeGraph graph) {
        this.graph = graph;
    }

    /**
     * The first name in {@code question} that the linker could not settle and that several entities share;
     * empty when every name is clear. {@code chosen} is an entity the user already chose; a name it bears is clear.
     */
    public Optional<Ambiguity> find(String question, List<EntityMention> mentions, String chosen) {
        Language language = Language.of(question);
        for (EntityMention mention : mentions) {
            if (mention.score() >= SETTLED || mention.entity().equals(chosen)) {
                continue;
            }
            String name = question.substring(mention.start(), mention.end());
            List<Sense> senses = senses(name, language);
            if (senses.size() > 1 && senses.stream().noneMatch(s -> s.entity().equals(chosen))) {
                return Optional.of(new Ambiguity(name, mention.start(), mention.end(), senses));
            }
        }
        return Optional.empty();
    }

    /** Every entity one of whose labels or aliases is {@code name} (ignoring case), sorted by IRI. */
    public List<Sense> senses(String name, Language language) {
        String sparql = """
                PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                SELECT DISTINCT ?entity WHERE {
                  VALUES ?labelled { skos:prefLabel rdfs:label skos:altLabel }
                  GRAPH ?g { ?entity ?labelled ?name }
                  FILTER(isIRI(?entity) && LCASE(STR(?name)) = "%s")
                  FILTER NOT EXISTS {
                    VALUES ?schema { owl:Class rdfs:Class rdf:Property owl:ObjectProperty owl:DatatypeProperty }
                    GRAPH ?h { ?entity rdf:type ?schema }
                  }
                } ORDER BY ?entity
                """.formatted(escape(name.strip().toLowerCase(Locale.ROOT)));
        List<String> entities = graph.query(sparql, QUERY_LIMIT, execution -> {
            List<String> found = new ArrayList<>();
            RowSet rows = execution.select();
            while (rows.hasNext()) {
                Node entity = rows.next().get("entity");
                found.add(entity.getURI());
            }
            return found;
        });
        return entities.stream().map(entity -> describe(entity, name, language)).toList();
    }

    /** The entity's name, its asserted type (the specific one; inferred types are its superclasses) and its description. */
    private Sense describe(String entity, String written, Language language) {
        org.wenjin.knowledge.text.Language factLanguage = language == Language.CHINESE
                ? org.wenjin.knowledge.text.Language.CHINESE : org.wenjin.knowledge.text.Language.ENGLISH;
        String label = written;
        String type = "";
        String description = "";
        for (Fact fact : graph.factsAbout(entity, factLanguage)) {
            if (!fact.subject().equals(entity)) {
                continue;
            }
            label = fact.subjectLabel();
            if (fact.predicate().equals(RDF_TYPE) && !fact.inferred() && type.isEmpty()) {
                type = fact.objectLabel();
            } else if (DESCRIPTIONS.contains(fact.predicate())
                    && (description.isEmpty() || Language.of(fact.objectLabel()) == language && Language.of(description) != language)) {
                description = fact.objectLabel();
            }
        }
        return new Sense(entity, label, type, description);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }
}
