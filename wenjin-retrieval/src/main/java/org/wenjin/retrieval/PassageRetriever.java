package org.wenjin.retrieval;

import java.util.List;

/**
 * Finds the passages that answer a question: what the assistant pipeline needs from a document store.
 * Two backends implement it: {@link DocumentIndex}, an embedded Lucene index, and the OpenSearch index of
 * module {@code wenjin-retrieval-opensearch}, for collections that outgrow one machine. Ingestion and
 * listing sources stay with each backend, since the assistant never does either.
 */
public interface PassageRetriever {

    /**
     * The passages that best match the request, best first. Vector and hybrid modes need a backend with
     * vectors; asking one without for them is an {@link IllegalStateException}.
     */
    List<Passage> search(SearchRequest request);

    /** The {@code k} best passages for {@code query} in the backend's default mode. */
    default List<Passage> search(String query, int k) {
        return search(SearchRequest.of(query, k));
    }
}
