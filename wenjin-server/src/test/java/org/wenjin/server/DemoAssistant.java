package org.wenjin.server;

import org.wenjin.assistant.Assistant;
import org.wenjin.assistant.DemoKnowledge;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.ChatModel;
import org.wenjin.retrieval.DocumentIndex;

/** The demo knowledge, loaded once for all the server tests in this JVM (loading it takes a while). */
final class DemoAssistant {
    private static KnowledgeGraph graph;
    private static DocumentIndex documents;
    private static Assistant extractive;

    private DemoAssistant() {
    }

    /** The extractive assistant over the demo knowledge, as {@code Assistant.withDemoKnowledge()} makes it. */
    static synchronized Assistant extractive() {
        if (extractive == null) {
            load();
            extractive = new Assistant(null, graph, documents);
        }
        return extractive;
    }

    /** A generative assistant over the same demo knowledge, writing with {@code model}. */
    static synchronized Assistant generative(ChatModel model) {
        load();
        return new Assistant(model, graph, documents);
    }

    private static void load() {
        if (graph == null) {
            graph = DemoKnowledge.graph();
            documents = DemoKnowledge.documents();
        }
    }
}
