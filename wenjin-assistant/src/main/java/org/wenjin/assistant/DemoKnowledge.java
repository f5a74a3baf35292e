package org.wenjin.assistant;

import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.retrieval.DemoDocuments;
import org.wenjin.retrieval.DocumentIndex;

/** The bundled bilingual demo knowledge (a graph and documents on large language models and their history). */
public final class DemoKnowledge {
    private DemoKnowledge() {
    }

    public static KnowledgeGraph graph() {
        KnowledgeGraph graph = KnowledgeGraph.inMemory();
        graph.loadDemo();
        return graph;
    }

    public static DocumentIndex documents() {
        DocumentIndex index = DocumentIndex.inMemory();
        DemoDocuments.ingest(index);
        return index;
    }

    /** Loads the demo into stores that are still empty, so a fresh data directory answers its first question. */
    public static boolean loadIfEmpty(KnowledgeGraph graph, DocumentIndex documents) {
        boolean loaded = false;
        if (graph.tripleCount() == 0) {
            graph.loadDemo();
            loaded = true;
        }
        if (documents.chunkCount() == 0) {
            DemoDocuments.ingest(documents);
            loaded = true;
        }
        return loaded;
    }
}
