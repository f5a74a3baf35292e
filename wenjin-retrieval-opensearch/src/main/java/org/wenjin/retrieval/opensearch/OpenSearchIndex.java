package org.wenjin.retrieval.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.TextQueryType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.wenjin.retrieval.IngestReport;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.PassageRetriever;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import org.wenjin.retrieval.SkippedFile;
import org.wenjin.retrieval.chunk.Chunk;
import org.wenjin.retrieval.chunk.Chunker;
import org.wenjin.retrieval.document.MarkdownParser;
import org.wenjin.retrieval.document.ParsedDocument;
import org.wenjin.retrieval.embed.BgeSmallZh;
import org.wenjin.retrieval.index.IndexSchema;
import org.wenjin.retrieval.index.RankFusion;

/**
 * A collection of passages held by an OpenSearch index: the counterpart of
 * {@link org.wenjin.retrieval.DocumentIndex} for collections that outgrow one machine, with the same
 * {@link SearchRequest}s and {@link Passage}s, the same chunking and embedding model, and the same
 * {@link RankFusion} for hybrid search, behind the same {@link PassageRetriever} the assistant searches.
 *
 * <p>Words are searched by OpenSearch's BM25 over the {@code smartcn} analyzer (the analysis-smartcn plugin,
 * Lucene's SmartChineseAnalyzer: Chinese words by its hidden Markov model, English words stemmed); meaning by
 * the k-NN plugin's {@code knn_vector} field, HNSW in its Lucene engine with cosine similarity, so the cluster
 * needs no native library. The cluster must have both plugins installed.
 */
public final class OpenSearchIndex implements PassageRetriever, AutoCloseable {

    /** The index's fields, as {@link ChunkDocument} names them. */
    static final List<String> MAPPING_FIELDS =
            List.of("chunkId", "source", "title", "titleKey", "section", "ordinal", "text", "vector");

    /** The analyzer of the analysis-smartcn plugin. */
    static final String ANALYZER = "smartcn";

    /** How many hits of each list go into the fusion: the Lucene backend's depth (PassageSearch.FUSION_DEPTH). */
    private static final int FUSION_DEPTH = 20;

    private final OpenSearchTransport transport;
    private final OpenSearchClient client;
    private final String index;
    private final Chunker chunker;
    private final BgeSmallZh embedder;

    private OpenSearchIndex(OpenSearchTransport transport, String index, Chunker chunker, BgeSmallZh embedder) {
        this.transport = transport;
        this.client = new OpenSearchClient(transport);
        this.index = index;
        this.chunker = chunker;
        this.embedder = embedder;
    }

    /**
     * Connects to the cluster at {@code endpoint} (such as {@code http://localhost:9200}) and uses the index
     * {@code name}, creating it when absent. With {@code vectors}, chunks are embedded with {@link BgeSmallZh}
     * and vector and hybrid search are offered.
     */
    public static OpenSearchIndex connect(URI endpoint, String name, Chunker chunker, boolean vectors) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (name == null || name.isBlank() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("index name must be non-blank and lower case, was \"" + name + "\"");
        }
        HttpHost host = new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort());
        OpenSearchTransport transport = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .build();
        OpenSearchIndex opened = new OpenSearchIndex(transport, name, chunker, vectors ? BgeSmallZh.shared() : null);
        try {
            opened.createIfAbsent();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    public boolean hasVectors() {
        return embedder != null;
    }

    /** Hybrid when the index has vectors, else BM25: as {@link org.wenjin.retrieval.DocumentIndex#defaultMode()}. */
    public SearchMode defaultMode() {
        return embedder != null ? SearchMode.HYBRID : SearchMode.BM25;
    }

    /**
     * Ingests text read as Markdown under the name {@code source}, replacing what was ingested under that name
     * before (the earlier chunks are removed only once the new ones are written); the title, when null or blank, is the text's first heading or else the source. The chunks are
     * searchable when this returns.
     */
    public IngestReport ingestText(String source, String title, String text) {
        Objects.requireNonNull(text, "text");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must name the text, was " + (source == null ? "null" : "blank"));
        }
        ParsedDocument parsed = new MarkdownParser().parse(text, source);
        if (title != null && !title.isBlank()) {
            parsed = new ParsedDocument(title.strip(), parsed.blocks());
        }
        List<Chunk> chunks = chunker.chunk(parsed);
        if (chunks.isEmpty()) {
            return new IngestReport(0, 0, List.of(new SkippedFile(source, "contains no text")));
        }
        String docTitle = parsed.title();
        List<float[]> vectors = embedder == null ? null : embedder.passages(chunks.stream()
                .map(c -> IndexSchema.searchable(docTitle, c.section(), c.text()))
                .toList());
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(index).refresh(Refresh.WaitFor);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            ChunkDocument document = new ChunkDocument(chunkId(source, chunk), source, docTitle,
                    IndexSchema.titleKey(docTitle), chunk.section(), chunk.ordinal(), chunk.text(),
                    vectors == null ? null : boxed(vectors.get(i)));
            ids.add(document.chunkId());
            bulk.operations(op -> op.index(ix -> ix.id(document.chunkId()).document(document)));
        }
        try {
            BulkResponse response = client.bulk(bulk.build());
            if (response.errors()) {
                String reason = response.items().stream()
                        .filter(item -> item.error() != null)
                        .map(item -> "chunk " + item.id() + ": " + item.error().reason())
                        .findFirst().orElse("unknown");
                throw new IllegalStateException("OpenSearch index " + index + " refused chunks of " + source + ": " + reason);
            }
            // Only now drop the chunks of the earlier version, so a failed write leaves that version searchable.
            client.deleteByQuery(d -> d.index(index).refresh(Refresh.True)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("source").value(FieldValue.of(source))))
                            .mustNot(m -> m.ids(i -> i.values(ids))))));
        } catch (IOException | OpenSearchException e) {
            throw failure("writing " + source, e);
        }
        return new IngestReport(1, chunks.size(), List.of());
    }

    /**
     * The passages that best match the request, best first. Scores: in BM25 mode OpenSearch's BM25 score over
     * the best hit's, so 1 for the best (unlike the Lucene backend's, not comparable across questions); in
     * vector mode the cosine similarity; in hybrid the fused reciprocal-rank score over the best attainable.
     * The request's diversity is not applied by this backend.
     */
    @Override
    public List<Passage> search(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        SearchMode mode = request.mode() == null ? defaultMode() : request.mode();
        if (mode != SearchMode.BM25 && embedder == null) {
            throw new IllegalStateException(mode + " search needs vectors, and this index was opened without them");
        }
        if (request.query().isBlank()) {
            return List.of();
        }
        List<Query> filters = filters(request);
        try {
            return switch (mode) {
                case BM25 -> lexical(request.query(), filters, request.k());
                case VECTOR -> semantic(request.query(), filters, request.k());
                case HYBRID -> fuse(lexical(request.query(), filters, FUSION_DEPTH),
                        semantic(request.query(), filters, FUSION_DEPTH), request.k());
            };
        } catch (IOException | OpenSearchException e) {
            throw failure("searching for \"" + request.query() + "\"", e);
        }
    }

    /** The passage with this chunk id, with score 0. */
    public Optional<Passage> passage(String chunkId) {
        try {
            var response = client.get(g -> g.index(index).id(chunkId), ChunkDocument.class);
            return response.found() ? Optional.of(passage(response.source(), 0)) : Optional.empty();
        } catch (IOException | OpenSearchException e) {
            throw failure("reading chunk " + chunkId, e);
        }
    }

    /** Removes every chunk of {@code source}; false when there was none. Searches no longer see them when this returns. */
    public boolean removeSource(String source) {
        try {
            var response = client.deleteByQuery(d -> d.index(index).refresh(Refresh.True)
                    .query(q -> q.term(t -> t.field("source").value(FieldValue.of(source)))));
            return response.deleted() != null && response.deleted() > 0;
        } catch (IOException | OpenSearchException e) {
            throw failure("removing " + source, e);
        }
    }

    /** How many chunks the index holds. */
    public long chunkCount() {
        try {
            return client.count(c -> c.index(index)).count();
        } catch (IOException | OpenSearchException e) {
            throw failure("counting chunks", e);
        }
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the connection to OpenSearch: " + e.getMessage(), e);
        }
    }

    // ---- the three rankings ----

    private List<Passage> lexical(String query, List<Query> filters, int size) throws IOException {
        SearchResponse<ChunkDocument> response = client.search(s -> s.index(index).size(size)
                .query(q -> q.bool(b -> b.filter(filters)
                        .must(m -> m.multiMatch(mm -> mm.query(query).type(TextQueryType.MostFields)
                                .fields("text", "title", "section"))))), ChunkDocument.class);
        List<Hit<ChunkDocument>> hits = response.hits().hits();
        double best = hits.isEmpty() || hits.getFirst().score() == null ? 1 : hits.getFirst().score();
        return hits.stream().map(h -> passage(h.source(), h.score() / best)).toList();
    }

    private List<Passage> semantic(String query, List<Query> filters, int size) throws IOException {
        List<Float> vector = boxed(embedder.query(query));
        SearchResponse<ChunkDocument> response = client.search(s -> s.index(index).size(size)
                .query(q -> q.knn(kq -> {
                    kq.field("vector").vector(vector).k(size);
                    if (!filters.isEmpty()) {
                        kq.filter(f -> f.bool(b -> b.filter(filters)));
                    }
                    return kq;
                })), ChunkDocument.class);
        // The k-NN plugin's Lucene engine scores cosine similarity as (1 + cos) / 2 (k-NN "Spaces" documentation).
        return response.hits().hits().stream().map(h -> passage(h.source(), 2 * h.score() - 1)).toList();
    }

    private static List<Passage> fuse(List<Passage> lexical, List<Passage> semantic, int k) {
        Map<String, Passage> byId = new LinkedHashMap<>();
        lexical.forEach(p -> byId.putIfAbsent(p.chunkId(), p));
        semantic.forEach(p -> byId.putIfAbsent(p.chunkId(), p));
        List<List<String>> rankings = List.of(
                lexical.stream().map(Passage::chunkId).toList(),
                semantic.stream().map(Passage::chunkId).toList());
        List<Passage> fused = new ArrayList<>();
        for (RankFusion.Fused<String> f : RankFusion.fuse(rankings)) {
            Passage p = byId.get(f.item());
            fused.add(new Passage(p.chunkId(), p.source(), p.title(), p.section(), p.text(), f.score()));
            if (fused.size() == k) {
                break;
            }
        }
        return fused;
    }

    // ---- small pieces ----

    private static List<Query> filters(SearchRequest request) {
        List<Query> filters = new ArrayList<>();
        if (request.sourcePrefix() != null) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("source").value(request.sourcePrefix()))));
        }
        if (request.title() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("titleKey").value(FieldValue.of(IndexSchema.titleKey(request.title()))))));
        }
        return filters;
    }

    private void createIfAbsent() {
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                return;
            }
            client.indices().create(c -> c.index(index)
                    .settings(s -> s.knn(embedder != null))
                    .mappings(m -> {
                        m.properties("chunkId", p -> p.keyword(kw -> kw))
                                .properties("source", p -> p.keyword(kw -> kw))
                                .properties("title", p -> p.text(t -> t.analyzer(ANALYZER)))
                                .properties("titleKey", p -> p.keyword(kw -> kw))
                                .properties("section", p -> p.text(t -> t.analyzer(ANALYZER)))
                                .properties("ordinal", p -> p.integer(i -> i))
                                .properties("text", p -> p.text(t -> t.analyzer(ANALYZER)));
                        if (embedder != null) {
                            m.properties("vector", p -> p.knnVector(v -> v.dimension(BgeSmallZh.DIMENSIONS)
                                    .method(me -> me.name("hnsw").engine("lucene").spaceType("cosinesimil"))));
                        }
                        return m;
                    }));
        } catch (IOException | OpenSearchException e) {
            throw failure("creating index " + index, e);
        }
    }

    private static Passage passage(ChunkDocument d, double score) {
        return new Passage(d.chunkId(), d.source(), d.title(), d.section(), d.text(), score);
    }

    private RuntimeException failure(String what, Exception e) {
        String message = "OpenSearch index " + index + ", " + what + ": " + e.getMessage();
        return e instanceof IOException io ? new UncheckedIOException(message, io) : new IllegalStateException(message, e);
    }

    private static List<Float> boxed(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    /** As the Lucene backend makes them: stable while the chunk's source, position and text are unchanged. */
    private static String chunkId(String source, Chunk chunk) {
        String key = source + '\u0000' + chunk.ordinal() + '\u0000' + chunk.section() + '\u0000' + chunk.text();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
