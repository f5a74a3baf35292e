package org.wenjin.knowledge.store;

import java.util.SortedSet;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;

/**
 * Every asserted statement of the graph, as a reasoner reads them: one graph in memory, and for each
 * statement the sources that assert it.
 *
 * @param statements the union of every source's statements
 * @param sourcesOf the sources that assert a statement of {@code statements}
 */
public record AssertedStatements(Graph statements, Function<Triple, SortedSet<String>> sourcesOf) {
}
