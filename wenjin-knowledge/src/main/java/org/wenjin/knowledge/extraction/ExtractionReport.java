package org.wenjin.knowledge.extraction;

import java.util.List;
import org.apache.jena.graph.Triple;

/**
 * What extracting one document did.
 *
 * @param extracted passages sent to the model
 * @param unchanged passages left as they were, extracted before
 * @param removed passages no longer in the document, whose statements were removed
 * @param accepted the statements that entered the graph
 * @param rejections what the model offered that was refused, with reasons
 */
public record ExtractionReport(String document, int extracted, int unchanged, int removed, List<Triple> accepted,
                               List<Rejection> rejections) {
    public ExtractionReport {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }
}
