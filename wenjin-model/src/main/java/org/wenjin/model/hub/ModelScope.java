package org.wenjin.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

/**
 * ModelScope (魔搭), reachable from mainland China: {@code GET /api/v1/models/{repo}/repo/files?Revision=master&Recursive=true}
 * lists {@code Data.Files[]} with {@code Path}, {@code Size} and {@code Sha256}; files download from
 * {@code /api/v1/models/{repo}/repo?Revision=master&FilePath={file}}.
 */
public final class ModelScope implements ModelSource {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://modelscope.cn/");

    private final URI endpoint;
    private final HttpClient http;

    public ModelScope(URI endpoint, HttpClient http) {
        this.endpoint = endpoint.toString().endsWith("/") ? endpoint : URI.create(endpoint + "/");
        this.http = http;
    }

    @Override
    public String name() {
        return "modelscope";
    }

    @Override
    public RemoteFile describe(String repository, String fileName) throws IOException, InterruptedException {
        JsonNode listing = HubFiles.getJson(http,
                endpoint.resolve("api/v1/models/" + repository + "/repo/files?Revision=master&Recursive=true"),
                "repository " + repository + " on ModelScope");
        for (JsonNode file : listing.path("Data").path("Files")) {
            if (fileName.equals(file.path("Path").asText())) {
                String sha256 = file.hasNonNull("Sha256") ? file.get("Sha256").asText() : null;
                URI url = endpoint.resolve("api/v1/models/" + repository + "/repo?Revision=master&FilePath="
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8));
                return new RemoteFile(repository, fileName, url, file.path("Size").asLong(-1), sha256);
            }
        }
        throw new ModelNotFoundException("ModelScope repository " + repository + " has no file " + fileName);
    }
}
