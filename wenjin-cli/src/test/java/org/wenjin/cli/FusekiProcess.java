package org.wenjin.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Apache Jena Fuseki server in a process of its own, with one empty in-memory dataset {@code /kg},
 * listening on a free loopback port. Its jar is copied to {@code target/fuseki} by the Maven profile
 * {@code fuseki}.
 */
final class FusekiProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("wenjin.fuseki.jar", "target/fuseki/fuseki-server.jar"));
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;

    private FusekiProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static FusekiProcess start(Path logDirectory) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests with -Pfuseki, "
                    + "which copies the Fuseki server there");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDirectory.resolve("fuseki.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
                "--mem", "--localhost", "--port=" + port, "/kg"))
                .directory(logDirectory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // The server keeps its configuration and logs in FUSEKI_BASE (else ./run): here, beside its log.
        builder.environment().put("FUSEKI_BASE", logDirectory.resolve("fuseki-base").toAbsolutePath().toString());
        Process process = builder.start();
        FusekiProcess fuseki = new FusekiProcess(process, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Fuseki stopped while starting:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create(fuseki.base() + "/$/ping")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 200) {
                    return fuseki;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        fuseki.close();
        throw new IllegalStateException("Fuseki did not answer within " + START_LIMIT + ":\n" + Files.readString(log));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    /** The dataset's URL, which takes both SPARQL queries and updates. */
    String dataset() {
        return base() + "/kg";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
