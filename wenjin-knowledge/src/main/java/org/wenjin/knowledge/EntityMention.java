package org.wenjin.knowledge;

/**
 * A place in a text that names an entity of the graph.
 *
 * @param entity the entity's IRI
 * @param label the entity's name in the text's language (not necessarily the words in the text)
 * @param start the offset of the first char of the mention in the text
 * @param end the offset just past the mention's last char
 * @param score confidence from 0 to 1: how well the words match a name of the entity, and how clearly
 *     the context picks this entity over others with the same name
 */
public record EntityMention(String entity, String label, int start, int end, double score) {
}
