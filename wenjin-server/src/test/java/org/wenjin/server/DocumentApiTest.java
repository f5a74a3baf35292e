package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Assistant;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.server.api.DocumentApi;

/** Uploading documents, listing and removing sources, searching and reading a passage in context over HTTP. */
class DocumentApiTest {
    static final List<String> TIDES = List.of(
            "Tidal power\nTides rise and fall twice a day because the Moon pulls on the oceans.\nThe range between high and low water sets how much energy a site can give.",
            "Barrages\nA tidal barrage is a dam across an estuary with turbines in its sluices.\nThe La Rance barrage in Brittany has produced electricity since 1966.",
            "Tidal stream turbines\nStream turbines stand on the sea floor like underwater windmills.\nThey need no dam, so estuary wildlife is less disturbed.");
    static final String TEA = "# 茶马古道\n\n茶马古道是古代西南地区以马帮为主要运输方式的商贸通道。\n\n"
            + "## 路线\n\n主要有滇藏线和川藏线两条路线，运送茶叶、盐和马匹。\n";

    @TempDir
    Path dataDir;

    static RunningServer emptyCollection(Path dataDir, ServerConfig config) {
        return new RunningServer(dataDir, config, new Assistant(null, KnowledgeGraph.inMemory(), DocumentIndex.inMemory()));
    }

    @Test
    void uploadedFilesAreIngestedAndACorruptOneIsReportedWhileTheOthersAreKept() {
        try (RunningServer server = emptyCollection(dataDir, RunningServer.config())) {
            byte[] pdf = Uploads.pdf("Tidal Energy", TIDES);
            byte[] cut = Arrays.copyOf(pdf, pdf.length / 2);
            HttpResponse<String> response = server.send(Uploads.post(server,
                    Uploads.files("tides.pdf", pdf, "cut.pdf", cut, "茶马古道.md", TEA)).build());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode report = RunningServer.json(response);
            assertThat(report.path("files").asInt()).isEqualTo(2);
            assertThat(report.path("chunks").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(report.path("skipped")).singleElement().satisfies(skip -> {
                assertThat(skip.path("path").asText()).isEqualTo("cut.pdf");
                assertThat(skip.path("reason").asText()).startsWith("not a readable .pdf file");
            });

            JsonNode sources = RunningServer.json(server.get("/api/sources")).path("sources");
            assertThat(sources).extracting(s -> s.path("source").asText()).containsExactly("upload:tides.pdf", "upload:茶马古道.md");
            JsonNode tides = sources.get(0);
            assertThat(tides.path("title").asText()).isEqualTo("Tidal Energy");
            assertThat(tides.path("chunks").asInt()).isEqualTo(3);  // a PDF page always starts a chunk
            assertThat(tides.path("status").asText()).isEqualTo("indexed");
            assertThat(tides.path("sha256").asText()).hasSize(64);
            assertThat(sources.get(1).path("title").asText()).isEqualTo("茶马古道");

            JsonNode again = RunningServer.json(server.send(Uploads.post(server, Uploads.files("tides.pdf", pdf)).build()));
            assertThat(again.path("files").asInt()).as("unchanged content is not indexed again").isZero();
            assertThat(server.assistant.documents().chunkCount()).isEqualTo(3 + sources.get(1).path("chunks").asInt());
        }
    }

    @Test
    void searchFindsAnUploadAndThePassageComesBackWithItsNeighboursInDocumentOrder() {
        try (RunningServer server = emptyCollection(dataDir, RunningServer.config())) {
            server.send(Uploads.post(server, Uploads.files("tides.pdf", Uploads.pdf("Tidal Energy", TIDES), "茶马古道.md", TEA)).build());

            JsonNode found = RunningServer.json(server.get("/api/search?k=2&mode=bm25&q=" + encode("Which barrage in Brittany makes electricity?")));
            assertThat(found.path("mode").asText()).isEqualTo("bm25");
            JsonNode best = found.path("results").get(0);
            assertThat(best.path("source").asText()).isEqualTo("upload:tides.pdf");
            assertThat(best.path("text").asText()).contains("La Rance");
            assertThat(best.path("section").asText()).isEqualTo("page 2");
            assertThat(best.path("score").asDouble()).isBetween(0.0, 1.0);
            JsonNode chinese = RunningServer.json(server.get("/api/search?q=" + encode("茶马古道有哪些路线"))).path("results");
            assertThat(chinese.get(0).path("text").asText()).contains("滇藏线");

            String chunkId = best.path("chunk_id").asText();
            JsonNode context = RunningServer.json(server.get("/api/passages/" + chunkId + "?radius=1"));
            assertThat(context.path("text").asText()).isEqualTo(best.path("text").asText());
            assertThat(context.path("title").asText()).isEqualTo("Tidal Energy");
            JsonNode passages = context.path("passages");
            assertThat(passages).extracting(p -> p.path("section").asText()).containsExactly("page 1", "page 2", "page 3");
            assertThat(passages).extracting(p -> p.path("cited").asBoolean()).containsExactly(false, true, false);
            assertThat(passages.get(0).path("text").asText()).contains("Moon");
            assertThat(passages.get(2).path("text").asText()).contains("underwater windmills");
            JsonNode alone = RunningServer.json(server.get("/api/passages/" + chunkId + "?radius=0")).path("passages");
            assertThat(alone).singleElement().satisfies(p -> assertThat(p.path("chunk_id").asText()).isEqualTo(chunkId));
            assertThat(RunningServer.json(server.get("/api/passages/" + chunkId)).path("passages")).as("radius 1 by default").hasSize(3);
        }
    }

    @Test
    void removingASourceRemovesItsChunksFromSearchAndContext() {
        try (RunningServer server = emptyCollection(dataDir, RunningServer.config())) {
            server.send(Uploads.post(server, Uploads.files("tides.pdf", Uploads.pdf("Tidal Energy", TIDES), "茶马古道.md", TEA)).build());
            String chunkId = RunningServer.json(server.get("/api/search?q=" + encode("La Rance barrage")))
                    .path("results").get(0).path("chunk_id").asText();

            assertThat(server.delete("/api/sources?source=" + encode("upload:tides.pdf")).statusCode()).isEqualTo(204);

            assertThat(RunningServer.json(server.get("/api/sources")).path("sources"))
                    .extracting(s -> s.path("source").asText()).containsExactly("upload:茶马古道.md");
            JsonNode results = RunningServer.json(server.get("/api/search?k=10&q=" + encode("La Rance barrage tidal"))).path("results");
            assertThat(StreamSupport.stream(results.spliterator(), false).map(r -> r.path("source").asText())).doesNotContain("upload:tides.pdf");
            HttpResponse<String> gone = server.get("/api/passages/" + chunkId);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(RunningServer.json(gone).path("error").path("message").asText()).contains(chunkId);
            HttpResponse<String> again = server.delete("/api/sources?source=" + encode("upload:tides.pdf"));
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(RunningServer.json(again).path("error").path("message").asText()).contains("upload:tides.pdf");
        }
    }

    @Test
    void uploadsMayExceedTheJsonBodyLimitButNotTheUploadLimit() {
        try (RunningServer server = emptyCollection(dataDir, RunningServer.config().withMaxBodyBytes(4096))) {
            String longer = TEA + "\n" + "马帮沿着山路运送茶叶和盐，往返一次要几个月。\n\n".repeat(400);
            HttpResponse<String> accepted = server.send(Uploads.post(server, Uploads.files("长文.md", longer)).build());
            assertThat(longer.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096 * 4);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(RunningServer.json(accepted).path("files").asInt()).isEqualTo(1);

            // The body is never produced: the server answers from the stated length before asking for it.
            long tooMuch = DocumentApi.MAX_UPLOAD_BYTES + 1;
            HttpRequest huge = server.request("/api/documents").expectContinue(true)
                    .header("Content-Type", "multipart/form-data; boundary=" + Uploads.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> InputStream.nullInputStream()), tooMuch))
                    .build();
            HttpResponse<String> refused = server.send(huge);
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(RunningServer.json(refused).path("error").path("message").asText())
                    .contains(String.valueOf(tooMuch)).contains(String.valueOf(DocumentApi.MAX_UPLOAD_BYTES));
            assertThat(RunningServer.json(server.get("/api/sources")).path("sources")).hasSize(1);
        }
    }

    @Test
    void requestsThatCannotBeServedSayWhichParameterIsWrong() {
        try (RunningServer server = emptyCollection(dataDir, RunningServer.config())) {
            HttpResponse<String> json = server.post("/api/documents", "{\"file\": \"tides.pdf\"}");
            assertThat(json.statusCode()).isEqualTo(415);
            assertThat(RunningServer.json(json).path("error").path("message").asText()).contains("multipart/form-data");

            HttpResponse<String> noFile = server.send(server.request("/api/documents")
                    .header("Content-Type", "multipart/form-data; boundary=" + Uploads.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofString("--" + Uploads.BOUNDARY + "\r\nContent-Disposition: form-data; "
                            + "name=\"note\"\r\n\r\nhello\r\n--" + Uploads.BOUNDARY + "--\r\n")).build());
            assertThat(noFile.statusCode()).isEqualTo(400);
            assertThat(RunningServer.json(noFile).path("error").path("param").asText()).isEqualTo("file");

            HttpResponse<String> unsized = server.send(server.request("/api/documents")
                    .header("Content-Type", "multipart/form-data; boundary=" + Uploads.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            Uploads.multipart(Uploads.files("茶马古道.md", TEA))))).build());
            assertThat(unsized.statusCode()).as("chunked, so its size is unknown until read").isEqualTo(411);
            assertThat(RunningServer.json(unsized).path("error").path("message").asText()).contains("Content-Length");

            for (String query : List.of("/api/search?q=tides&mode=fuzzy", "/api/search?q=tides&mode=vector", "/api/search?q=tides&k=0",
                    "/api/search?q=tides&k=ten", "/api/search?q=%20", "/api/search?q=tides&diversity=1", "/api/passages/x?radius=-1",
                    "/api/sources")) {
                HttpResponse<String> response = query.equals("/api/sources") ? server.delete(query) : server.get(query);
                assertThat(response.statusCode()).as(query).isEqualTo(400);
                String param = query.substring(query.lastIndexOf(query.contains("&") ? '&' : '?') + 1).split("=")[0];
                assertThat(RunningServer.json(response).path("error").path("param").asText()).as(query)
                        .isEqualTo(query.equals("/api/sources") ? "source" : param);
            }
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
