package org.wenjin.server;

import java.nio.file.Path;
import org.wenjin.assistant.Assistant;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.store.ConversationStore;

/**
 * A Wenjin server in its own JVM, for tests that must kill a server outright. It answers extractively from
 * an empty knowledge base (fast to start; what is tested is what the store keeps), and prints
 * {@value #READY} followed by its port once it accepts requests.
 */
public final class ServerProcess {
    static final String READY = "wenjin-listening ";

    private ServerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        ConversationStore store = ConversationStore.open(dataDir);
        Assistant assistant = new Assistant(null, KnowledgeGraph.inMemory(), DocumentIndex.inMemory());
        WenjinServer server = WenjinServer.start(ServerConfig.defaults().withPort(0), assistant, store);
        System.out.println(READY + server.port());
        System.out.flush();
        server.join();
    }
}
