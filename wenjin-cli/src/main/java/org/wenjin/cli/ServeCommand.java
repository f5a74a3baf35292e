package org.wenjin.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.wenjin.cli.config.Settings;
import org.wenjin.server.MediaConfig;
import org.wenjin.server.ServerConfig;
import org.wenjin.server.WenjinServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin serve}: the web chat, the OpenAI-compatible API and Wenjin's own API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web chat at /, the OpenAI-compatible API at /v1 and Wenjin's API at /api.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Mixin
    SpeechOptions speechOptions;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to bind (default 127.0.0.1). Any other address requires API keys.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to bind (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "A key clients must send as 'Authorization: Bearer KEY' (repeatable; env WENJIN_API_KEYS, comma-separated).")
    List<String> apiKeys;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = options.resolve(host, port, apiKeys, speechOptions.flags());
        ServerConfig serverConfig = new ServerConfig(settings.host(), settings.port(), new HashSet<>(settings.apiKeys()),
                settings.maxBodyBytes(), settings.maxConcurrentGenerations(), settings.maxQueuedGenerations(),
                Duration.ofSeconds(10));
        Wenjin wenjin = Wenjin.open(settings, out);
        WenjinServer server;
        try {
            server = WenjinServer.start(serverConfig, wenjin.assistant(), wenjin.store(),
                    MediaConfig.in(settings.dataDir().resolve("media")).withRemoteSpeech(settings.speech().remoteSpeech())
                            .withImages(settings.images().generator()));
        } catch (RuntimeException e) {
            wenjin.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            wenjin.close();
            stopped.countDown();
        }, "wenjin-shutdown"));
        String shownHost = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        out.println("Wenjin is serving on http://" + shownHost + ":" + server.port() + "/  (model: "
                + wenjin.assistant().modelName() + ", " + wenjin.assistant().mode().wireName() + " answers; data: "
                + settings.dataDir().toAbsolutePath() + ")");
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
