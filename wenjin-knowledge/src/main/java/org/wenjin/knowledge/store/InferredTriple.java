package org.wenjin.knowledge.store;

import org.apache.jena.graph.Triple;

/** A statement the reasoner derived, with the rule that derived it and the sources of its premises. */
public record InferredTriple(Triple triple, Provenance provenance) {
}
