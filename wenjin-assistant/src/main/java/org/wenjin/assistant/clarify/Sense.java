package org.wenjin.assistant.clarify;

/**
 * One entity a shared name may mean, with what tells it apart from the others.
 *
 * @param entity the entity's IRI
 * @param label its name in the question's language
 * @param type the name of its most specific class, or empty
 * @param description its description ({@code rdfs:comment}, {@code skos:definition} or {@code schema:description}), or empty
 */
public record Sense(String entity, String label, String type, String description) {
    /** How the sense is named in a list or a rewritten question: the label and, where known, its type. */
    public String qualifiedLabel(boolean chinese) {
        if (type.isEmpty()) {
            return label;
        }
        return chinese ? label + "（" + type + "）" : label + " (" + type + ")";
    }
}
