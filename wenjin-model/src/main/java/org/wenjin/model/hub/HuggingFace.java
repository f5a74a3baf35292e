package org.wenjin.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

/**
 * Hugging Face: {@code GET /api/models/{repo}/tree/main} lists files with their size and, for files in
 * Git LFS (every GGUF), {@code lfs.oid}, the SHA-256 of the content; files download from
 * {@code /{repo}/resolve/main/{file}}.
 */
public final class HuggingFace implements ModelSource {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co/");

    private final URI endpoint;
    private final HttpClient http;

    public HuggingFace(URI endpoint, HttpClient http) {
        this.endpoint = endpoint.toString().endsWith("/") ? endpoint : URI.create(endpoint + "/");
        this.http = http;
    }

    @Override
    public String name() {
        return "huggingface";
    }

    @Override
    public RemoteFile describe(String repository, String fileName) throws IOException, InterruptedException {
        JsonNode files = HubFiles.getJson(http, endpoint.resolve("api/models/" + repository + "/tree/main"),
                "repository " + repository + " on Hugging Face");
        for (JsonNode file : files) {
            if (fileName.equals(file.path("path").asText())) {
                JsonNode lfs = file.path("lfs");
                String sha256 = lfs.hasNonNull("oid") ? lfs.get("oid").asText() : null;
                long size = lfs.hasNonNull("size") ? lfs.get("size").asLong() : file.path("size").asLong(-1);
                URI url = endpoint.resolve(repository + "/resolve/main/"
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
                return new RemoteFile(repository, fileName, url, size, sha256);
            }
        }
        throw new ModelNotFoundException("Hugging Face repository " + repository + " has no file " + fileName);
    }
}
