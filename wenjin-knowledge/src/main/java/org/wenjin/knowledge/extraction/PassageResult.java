package org.wenjin.knowledge.extraction;

import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;

/**
 * What one passage gave.
 *
 * @param statements everything to assert for the passage: the accepted statements, and the label and type
 *     of each entity they introduce
 * @param accepted the accepted statements alone
 * @param rejections what the reply offered that was refused, with reasons
 */
public record PassageResult(Passage passage, Graph statements, List<Triple> accepted, List<Rejection> rejections) {
    public PassageResult {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }
}
