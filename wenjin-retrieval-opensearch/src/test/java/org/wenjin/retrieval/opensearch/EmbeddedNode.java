package org.wenjin.retrieval.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.opensearch.Version;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;

/**
 * A real single-node OpenSearch cluster in this JVM, serving REST on a free local port, with the plugins a
 * Wenjin index needs: HTTP (transport-netty4), k-NN, painless (which k-NN extends),
 * delete-by-query (the reindex module) and smartcn.
 */
final class EmbeddedNode extends Node {

    /** The k-NN plugin is published only as a zip, whose jars the build puts on the test classpath. */
    private static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";

    private EmbeddedNode(Settings settings, List<Class<? extends Plugin>> plugins) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "wenjin-test"),
                plugins.stream().map(EmbeddedNode::classpathPlugin).toList(), true);
    }

    static EmbeddedNode start(Path home) throws Exception {
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("cluster.name", "wenjin-test")
                .put("node.name", "wenjin-test")
                .put("discovery.type", "single-node")
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                .put("http.host", "127.0.0.1")
                .put("transport.host", "127.0.0.1")
                .put("http.port", 0)
                .put("transport.port", 0)
                .build();
        List<Class<? extends Plugin>> plugins = List.of(
                org.opensearch.transport.Netty4ModulePlugin.class,
                org.opensearch.painless.PainlessModulePlugin.class,
                org.opensearch.index.reindex.ReindexModulePlugin.class,
                Class.forName(KNN_PLUGIN).asSubclass(Plugin.class),
                SmartChineseAnalysis.class);
        EmbeddedNode node = new EmbeddedNode(settings, plugins);
        node.start();
        return node;
    }

    URI endpoint() {
        TransportAddress address = injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        return URI.create("http://" + address.getAddress() + ":" + address.getPort());
    }

    private static PluginInfo classpathPlugin(Class<? extends Plugin> plugin) {
        return new PluginInfo(plugin.getName(), "classpath plugin", "NA", Version.CURRENT, "21", plugin.getName(),
                null, List.of(), false);
    }
}
