package org.wenjin.knowledge;

/** The demo graph, imported once and shared by the tests that only read it. */
final class DemoGraph {
    static final String NS = "urn:wenjin:demo:";

    private static KnowledgeGraph graph;

    private DemoGraph() {
    }

    static synchronized KnowledgeGraph get() {
        if (graph == null) {
            graph = KnowledgeGraph.inMemory();
            graph.loadDemo();
        }
        return graph;
    }

    static String iri(String localName) {
        return NS + localName;
    }
}
