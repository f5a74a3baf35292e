/**
 * The retrieval of {@code org.wenjin.retrieval} over an OpenSearch cluster: the same chunking, embedding model,
 * search requests and rank fusion, with the chunks held by OpenSearch (BM25 and the k-NN plugin's HNSW) so that
 * a collection can grow past one machine.
 */
package org.wenjin.retrieval.opensearch;
