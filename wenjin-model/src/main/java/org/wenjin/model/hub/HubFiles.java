package org.wenjin.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fetches a hub's JSON listing of a repository's files. */
final class HubFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubFiles() {
    }

    static JsonNode getJson(HttpClient http, URI uri, String what) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            throw new ModelNotFoundException(what + " was not found (" + uri + ")");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("listing " + what + " failed: HTTP " + response.statusCode() + " from " + uri);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the hub's listing of " + what + " is not valid JSON (" + uri + "): " + e.getMessage(), e);
        }
    }
}
