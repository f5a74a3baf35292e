package org.wenjin.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.IngestReport;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import org.wenjin.retrieval.SkippedFile;
import org.wenjin.retrieval.SourceInfo;
import org.wenjin.retrieval.SourceStatus;
import org.wenjin.server.http.ApiError;

/**
 * The document collection over HTTP, as {@code wenjin ingest}, {@code wenjin sources} and {@code wenjin search}
 * reach it on the command line: uploading files, listing and removing sources, searching, and reading a cited
 * passage in its context. Each handler translates HTTP to one {@link DocumentIndex} call and back.
 */
public final class DocumentApi {
    /** One upload request may carry this much: the size of the largest file ingestion reads at all. */
    public static final long MAX_UPLOAD_BYTES = 64L << 20;
    /** Uploads are sources named {@code upload:FILE}; uploading a file of the same name again replaces it. */
    public static final String UPLOAD_PREFIX = "upload:";
    private static final int MAX_RESULTS = 100;
    private static final int MAX_RADIUS = 10;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DocumentIndex documents;
    private final long maxUploadBytes;

    public DocumentApi(DocumentIndex documents, long maxUploadBytes) {
        this.documents = documents;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * {@code POST /api/documents}: multipart/form-data with one or more parts named {@code file}. Each is
     * ingested on its own; one that cannot be read is reported in {@code skipped} and the others are kept.
     */
    public void upload(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(415, "invalid_request_error", "unsupported_media_type", null,
                    "upload files as multipart/form-data in parts named 'file', not " + (type.isEmpty() ? "no content type" : type));
        }
        // Checked before a byte of the body is read, so a client that sent Expect: 100-continue sends nothing more.
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            throw new ApiError(411, "invalid_request_error", "length_required", null,
                    "an upload must state its Content-Length (at most " + maxUploadBytes + " bytes)");
        }
        if (length > maxUploadBytes) {
            throw new ApiError(413, "invalid_request_error", "request_too_large", null,
                    "the upload is " + length + " bytes, more than the limit of " + maxUploadBytes + " bytes");
        }
        List<UploadedFile> files = ctx.uploadedFiles("file");
        if (files.isEmpty()) {
            throw ApiError.badField("file", "no files: send each file as a multipart part named 'file'");
        }
        int ingested = 0;
        int chunks = 0;
        ArrayNode skipped = JSON.arrayNode();
        Instant now = Instant.now();
        for (UploadedFile file : files) {
            String name = fileName(file.filename());
            if (name.isEmpty()) {
                skipped.addObject().put("path", "").put("reason", "the part has no file name, so its format is unknown");
                continue;
            }
            IngestReport report = documents.ingestBytes(UPLOAD_PREFIX + name, name, read(file), now);
            ingested += report.files();
            chunks += report.chunks();
            for (SkippedFile skip : report.skipped()) {
                skipped.addObject().put("path", skip.path()).put("reason", skip.reason());
            }
        }
        ObjectNode result = JSON.objectNode().put("files", ingested).put("chunks", chunks);
        result.set("skipped", skipped);
        ctx.json(result);
    }

    /** {@code GET /api/sources}: every indexed source, ordered by source. */
    public void listSources(Context ctx) {
        ArrayNode sources = JSON.arrayNode();
        for (SourceInfo info : documents.sources()) {
            sources.addObject().put("source", info.source()).put("title", info.title()).put("chunks", info.chunks())
                    .put("modified", info.modified().toString()).put("sha256", info.sha256())
                    .put("status", SourceStatus.of(info).toString());
        }
        ObjectNode result = JSON.objectNode();
        result.set("sources", sources);
        ctx.json(result);
    }

    /** {@code DELETE /api/sources?source=NAME}: the source and all its chunks. */
    public void removeSource(Context ctx) {
        String source = ctx.queryParam("source");
        if (source == null || source.isBlank()) {
            throw ApiError.badField("source", "'source' is required: the source as GET /api/sources lists it");
        }
        if (!documents.removeSource(source)) {
            throw ApiError.notFound("not_found", "no source '" + source + "' in the index");
        }
        ctx.status(204);
    }

    /** {@code GET /api/search?q=&k=&mode=&source=&title=&diversity=}: what {@code wenjin search --json} prints. */
    public void search(Context ctx) {
        String query = ctx.queryParam("q");
        if (query == null || query.isBlank()) {
            throw ApiError.badField("q", "'q' is required: the question to search for");
        }
        int k = (int) integer(ctx, "k", 5, 1, MAX_RESULTS);
        SearchMode mode = null;
        if (ctx.queryParam("mode") != null) {
            try {
                mode = SearchMode.parse(ctx.queryParam("mode"));
            } catch (IllegalArgumentException e) {
                throw ApiError.badField("mode", e.getMessage());
            }
            if (mode != SearchMode.BM25 && !documents.hasVectors()) {
                throw ApiError.badField("mode", "mode " + mode + " needs vectors, and this index keeps none; use bm25");
            }
        }
        double diversity = number(ctx, "diversity");
        List<Passage> results = documents.search(
                new SearchRequest(query, k, mode, ctx.queryParam("source"), ctx.queryParam("title"), diversity));
        ArrayNode array = JSON.arrayNode();
        for (Passage p : results) {
            passage(array.addObject(), p).put("score", p.score());
        }
        ObjectNode result = JSON.objectNode().put("mode", (mode == null ? documents.defaultMode() : mode).toString());
        result.set("results", array);
        ctx.json(result);
    }

    /**
     * {@code GET /api/passages/{chunkId}?radius=N}: the passage and up to N passages on each side of it in its
     * document, in document order, the cited one marked {@code "cited": true}.
     */
    public void passageInContext(Context ctx) {
        String chunkId = ctx.pathParam("chunkId");
        int radius = (int) integer(ctx, "radius", 1, 0, MAX_RADIUS);
        List<Passage> around = documents.context(chunkId, radius);
        Passage cited = around.stream().filter(p -> p.chunkId().equals(chunkId)).findFirst()
                .orElseThrow(() -> ApiError.notFound("not_found", "no passage '" + chunkId
                        + "' in the index (its source was removed or has changed since it was cited)"));
        ArrayNode passages = JSON.arrayNode();
        for (Passage p : around) {
            passage(passages.addObject(), p).put("cited", p.chunkId().equals(chunkId));
        }
        ObjectNode result = JSON.objectNode().put("chunk_id", chunkId).put("source", cited.source())
                .put("title", cited.title()).put("section", cited.section()).put("text", cited.text());
        result.set("passages", passages);
        ctx.json(result);
    }

    private static ObjectNode passage(ObjectNode node, Passage p) {
        return node.put("chunk_id", p.chunkId()).put("source", p.source()).put("title", p.title())
                .put("section", p.section()).put("text", p.text());
    }

    /** The last path segment: browsers send a bare name, but some clients send the whole path they read. */
    private static String fileName(String submitted) {
        String name = submitted == null ? "" : submitted.strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    private static byte[] read(UploadedFile file) {
        try (InputStream in = file.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload " + file.filename() + ": " + e.getMessage(), e);
        }
    }

    private static long integer(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badField(name, "'" + name + "' must be an integer from " + min + " to " + max + ", not '" + text + "'");
    }

    private static double number(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value < 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badField(name, "'" + name + "' must be a number in [0, 1), not '" + text + "'");
    }
}
