package org.wenjin.server.knowledge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.wenjin.knowledge.EntityDescription;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.text.Language;
import org.wenjin.server.http.ApiError;

/**
 * The knowledge-graph routes: {@code GET /api/entities/{iri}} (an entity's page: names by language, aliases,
 * classes, facts both ways with predicate names, neighbours) and {@code GET /api/facts/{id}?subject=NAME} (a
 * fact an answer cited, found by its id and its subject's name, with the IRIs that lead to entity pages).
 * Names are in {@code ?lang=zh|en}, or else the language the request's Accept-Language prefers.
 */
public final class KnowledgeApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KnowledgeGraph graph;

    public KnowledgeApi(KnowledgeGraph graph) {
        this.graph = graph;
    }

    public void entity(Context ctx) {
        String iri = ctx.pathParam("iri");
        if (iri.isBlank()) {
            throw ApiError.badField("iri", "the entity's IRI is empty");
        }
        Language language = language(ctx);
        EntityDescription entity = graph.describe(iri, language).orElseThrow(() ->
                ApiError.notFound("entity_not_found", "the knowledge graph neither names nor says anything of " + iri));
        ObjectNode page = JSON.objectNode();
        page.put("iri", entity.iri());
        page.put("label", entity.label());
        page.put("language", language.tag());
        page.set("labels", names(entity.labels()));
        page.set("aliases", names(entity.aliases()));
        ArrayNode types = page.putArray("types");
        entity.types().forEach(type -> types.addObject().put("iri", type.iri()).put("label", type.label()));
        ArrayNode outgoing = page.putArray("outgoing");
        entity.outgoing().forEach(fact -> outgoing.add(fact(fact, graph.hasResourceObject(fact))));
        ArrayNode incoming = page.putArray("incoming");
        entity.incoming().forEach(fact -> incoming.add(fact(fact, true)));
        ArrayNode neighbours = page.putArray("neighbours");
        entity.neighbours().forEach(n -> neighbours.addObject().put("iri", n.iri()).put("label", n.label()).put("facts", n.facts()));
        ctx.json(page);
    }

    public void fact(Context ctx) {
        String id = ctx.pathParam("id");
        String subject = ctx.queryParam("subject");
        if (subject == null || subject.isBlank()) {
            throw ApiError.badField("subject", "give the name (or IRI) of the fact's subject as ?subject=, as the citation's title has it");
        }
        Fact fact = graph.fact(id, subject, language(ctx)).orElseThrow(() ->
                ApiError.notFound("fact_not_found", "no fact " + id + " about '" + subject + "' in the knowledge graph"));
        ctx.json(fact(fact, graph.hasResourceObject(fact)));
    }

    private static ObjectNode fact(Fact fact, boolean objectIsEntity) {
        ObjectNode node = JSON.objectNode();
        node.put("id", fact.id());
        node.put("subject", fact.subject());
        node.put("subject_label", fact.subjectLabel());
        node.put("predicate", fact.predicate());
        node.put("predicate_label", fact.predicateLabel());
        node.put("object", fact.object());
        node.put("object_label", fact.objectLabel());
        node.put("object_is_entity", objectIsEntity);
        node.put("source", fact.source());
        node.put("rule", fact.rule());
        node.put("text", fact.render());
        return node;
    }

    private static ArrayNode names(List<EntityDescription.Name> names) {
        ArrayNode array = JSON.arrayNode();
        names.forEach(name -> array.addObject().put("text", name.text()).put("language", name.language()));
        return array;
    }

    private static Language language(Context ctx) {
        String lang = ctx.queryParam("lang");
        if (lang == null) {
            String accepted = ctx.header("Accept-Language");
            return accepted != null && accepted.strip().toLowerCase().startsWith("zh") ? Language.CHINESE : Language.ENGLISH;
        }
        return switch (lang) {
            case "zh" -> Language.CHINESE;
            case "en" -> Language.ENGLISH;
            default -> throw ApiError.badField("lang", "lang '" + lang + "' is not zh or en");
        };
    }
}
