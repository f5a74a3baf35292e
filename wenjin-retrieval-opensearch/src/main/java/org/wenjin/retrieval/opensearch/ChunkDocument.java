package org.wenjin.retrieval.opensearch;

import java.util.List;

/**
 * One chunk as an OpenSearch document; the field names are those of {@link OpenSearchIndex#MAPPING_FIELDS}.
 *
 * @param titleKey the title lower-cased, for the exact title filter of a search
 * @param vector the chunk's bge-small-zh-v1.5 embedding, or null in an index without vectors
 */
public record ChunkDocument(String chunkId, String source, String title, String titleKey, String section, int ordinal,
        String text, List<Float> vector) {
}
