package org.wenjin.model.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback that speaks the Hugging Face and ModelScope file APIs for one file, honours
 * range requests, and can be told to cut a transfer short or to report a wrong checksum.
 */
final class FakeHub implements AutoCloseable {
    static final String REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF";
    static final String FILE = "qwen2.5-0.5b-instruct-q4_k_m.gguf";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final byte[] content;
    final HttpServer server;
    volatile int cutAfterBytes = -1;
    volatile boolean wrongChecksum;
    volatile boolean ignoreRanges;
    final AtomicInteger rangeRequests = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();

    FakeHub(byte[] content) throws IOException {
        this.content = content;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/models/" + REPO + "/tree/main", this::huggingFaceListing);
        server.createContext("/" + REPO + "/resolve/main/", this::download);
        server.createContext("/api/v1/models/" + REPO + "/repo/files", this::modelScopeListing);
        server.createContext("/api/v1/models/" + REPO + "/repo", this::download);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    String sha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            String hex = HexFormat.of().formatHex(digest);
            return wrongChecksum ? hex.replace(hex.charAt(0), hex.charAt(0) == 'a' ? 'b' : 'a') : hex;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void huggingFaceListing(HttpExchange exchange) throws IOException {
        String json = "[{\"type\":\"file\",\"path\":\"README.md\",\"size\":12},"
                + "{\"type\":\"file\",\"path\":\"" + FILE + "\",\"size\":" + content.length
                + ",\"lfs\":{\"oid\":\"" + sha256() + "\",\"size\":" + content.length + "}}]";
        respond(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private void modelScopeListing(HttpExchange exchange) throws IOException {
        String json = "{\"Code\":200,\"Data\":{\"Files\":[{\"Path\":\"" + FILE + "\",\"Size\":" + content.length
                + ",\"Sha256\":\"" + sha256() + "\"}]}}";
        respond(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private void download(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        if (!path.contains(FILE)) {
            respond(exchange, 404, "Entry not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        downloads.incrementAndGet();
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && !ignoreRanges) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
                rangeRequests.incrementAndGet();
            }
        }
        int length = content.length - from;
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (from > 0) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        try (OutputStream out = exchange.getResponseBody()) {
            int limit = cutAfterBytes >= 0 ? Math.min(length, cutAfterBytes) : length;
            out.write(content, from, limit);
            out.flush();
            if (limit < length) {
                // Drop the connection mid-body, as a flaky network would.
                throw new IOException("transfer cut");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
