package org.wenjin.knowledge;

import java.util.List;

/**
 * What the graph says about one entity, for a page about it: its names, its classes, the facts with it as
 * subject and as object, and the entities those facts lead to.
 *
 * @param iri the entity's IRI
 * @param label its name in the reader's language
 * @param labels its preferred names (skos:prefLabel, rdfs:label), each with its language tag ("" for none)
 * @param aliases its other names (skos:altLabel)
 * @param types the classes it belongs to, asserted or inferred
 * @param outgoing the facts with the entity as subject, names and types left out
 * @param incoming the facts with the entity as object
 * @param neighbours the resources one fact away, those with most facts in common first
 */
public record EntityDescription(String iri, String label, List<Name> labels, List<Name> aliases, List<Resource> types,
                                List<Fact> outgoing, List<Fact> incoming, List<Neighbour> neighbours) {

    public EntityDescription {
        labels = List.copyOf(labels);
        aliases = List.copyOf(aliases);
        types = List.copyOf(types);
        outgoing = List.copyOf(outgoing);
        incoming = List.copyOf(incoming);
        neighbours = List.copyOf(neighbours);
    }

    /** A name in a language ({@code zh}, {@code en}, ...; empty when the literal has no language tag). */
    public record Name(String text, String language) {
    }

    /** A resource and its name in the reader's language. */
    public record Resource(String iri, String label) {
    }

    /** A resource one fact away, and how many facts connect it with the entity. */
    public record Neighbour(String iri, String label, int facts) {
    }
}
