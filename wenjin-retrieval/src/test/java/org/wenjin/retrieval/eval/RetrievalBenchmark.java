package org.wenjin.retrieval.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.IngestReport;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import org.wenjin.retrieval.SourceInfo;
import org.wenjin.retrieval.chunk.Chunker;
import org.wenjin.retrieval.embed.BgeSmallZh;
import org.wenjin.retrieval.index.IndexSchema;

/**
 * The retrieval benchmark: ranking quality of bm25, vector and hybrid search over the Chinese and English
 * evaluation sets, ingestion throughput, and query latency over a large synthetic collection. Runs only
 * in the {@code retrieval-bench} profile:
 *
 * <pre>./mvnw -pl wenjin-retrieval test -Pretrieval-bench [-Dwenjin.bench.chunks=100000]</pre>
 *
 * <p>It prints a report in Markdown and writes it to {@code target/retrieval-bench.md}.
 */
class RetrievalBenchmark {

    private static final int CHUNKS_PER_SOURCE = 10;
    /** Ingestion through the API is measured on at most this many chunks: it is a rate, and at 300 chunks/s more only costs minutes. */
    private static final int MAX_INGESTED_CHUNKS = 20_000;
    private static final long SEED = 20_240_601L;
    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws IOException {
        int chunks = Integer.getInteger("wenjin.bench.chunks", 100_000);
        Path work = Files.createTempDirectory("wenjin-bench");
        line("# Retrieval benchmark");
        line("");
        line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB.");
        line("");
        try {
            quality();
            scale(work, chunks);
        } finally {
            deleteRecursively(work);
        }
        Path out = Path.of("target", "retrieval-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    // ---- ranking quality ----

    private void quality() {
        try (DocumentIndex index = DocumentIndex.inMemory(new Chunker(), true)) {
            BgeSmallZh.shared().query("预热"); // load the model outside the timing
            long start = System.nanoTime();
            IngestReport ingested = EvaluationCollection.ingest(index);
            double seconds = (System.nanoTime() - start) / 1e9;
            line("## Ranking quality");
            line("");
            line(String.format(Locale.ROOT, "%d documents (12 demo, 12 written for the evaluation), %d chunks, "
                    + "ingested with vectors in %.1f s: %.1f chunks/s.", ingested.files(), ingested.chunks(), seconds,
                    ingested.chunks() / seconds));
            line("");
            line("Judged by source: found at k when a passage of a relevant source is among the first k; "
                    + "MRR over the first 10.");
            line("");
            line("| set | questions | mode | recall@1 | recall@3 | recall@5 | MRR@10 |");
            line("|---|---:|---|---:|---:|---:|---:|");
            Map<String, Map<SearchMode, Map<String, List<Passage>>>> results = new HashMap<>();
            for (EvaluationSet set : List.of(EvaluationSet.chinese(), EvaluationSet.english())) {
                for (SearchMode mode : SearchMode.values()) {
                    Map<String, List<Passage>> answers = new HashMap<>();
                    for (EvaluationSet.Question q : set.questions()) {
                        answers.put(q.text(), index.search(SearchRequest.of(q.text(), RankingQuality.DEPTH).withMode(mode)));
                    }
                    results.computeIfAbsent(set.name(), n -> new HashMap<>()).put(mode, answers);
                    qualityRow(set.name(), set, mode, answers::get);
                }
            }
            line("");
            line("The same, split by whether the answer is in the question's language:");
            line("");
            line("| set | questions | mode | recall@1 | recall@3 | recall@5 | MRR@10 |");
            line("|---|---:|---|---:|---:|---:|---:|");
            for (EvaluationSet set : List.of(EvaluationSet.chinese(), EvaluationSet.english())) {
                boolean chineseQuestions = set.name().equals("Chinese");
                for (boolean sameLanguage : new boolean[] {true, false}) {
                    EvaluationSet part = new EvaluationSet(set.name() + (sameLanguage ? ", same language" : ", other language"),
                            set.questions().stream()
                                    .filter(q -> documentIsChinese(q) == chineseQuestions == sameLanguage)
                                    .toList());
                    for (SearchMode mode : SearchMode.values()) {
                        qualityRow(part.name(), part, mode, results.get(set.name()).get(mode)::get);
                    }
                }
            }
            line("");
            // The fusion was chosen looking at all the questions; each half on its own shows whether a gain
            // holds on documents apart from the others, not only on average.
            List<String> documents = Stream.concat(EvaluationSet.chinese().questions().stream(), EvaluationSet.english().questions().stream())
                    .map(EvaluationSet::firstRelevant).distinct().sorted().toList();
            line("The same, split by document into two halves of 12 (every other document in order of name: "
                    + "A = " + String.join(", ", documents.stream().filter(d -> documents.indexOf(d) % 2 == 0).toList()) + "):");
            line("");
            line("| set | questions | mode | recall@1 | recall@3 | recall@5 | MRR@10 |");
            line("|---|---:|---|---:|---:|---:|---:|");
            for (EvaluationSet set : List.of(EvaluationSet.chinese(), EvaluationSet.english())) {
                for (int half = 0; half < 2; half++) {
                    int h = half;
                    EvaluationSet part = new EvaluationSet(set.name() + ", half " + (half == 0 ? "A" : "B"), set.questions().stream()
                            .filter(q -> documents.indexOf(EvaluationSet.firstRelevant(q)) % 2 == h).toList());
                    for (SearchMode mode : SearchMode.values()) {
                        qualityRow(part.name(), part, mode, results.get(set.name()).get(mode)::get);
                    }
                }
            }
            line("");
        }
    }

    private void qualityRow(String name, EvaluationSet set, SearchMode mode, Function<String, List<Passage>> answers) {
        RankingQuality q = RankingQuality.of(set, answers);
        line(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %.2f | %.3f |", name, q.questions(), mode,
                q.recallAt1(), q.recallAt3(), q.recallAt5(), q.mrrAt10()));
    }

    private static final Map<String, Boolean> CHINESE_DOCUMENT = new HashMap<>();

    private static boolean documentIsChinese(EvaluationSet.Question question) {
        String source = question.relevant().iterator().next();
        return CHINESE_DOCUMENT.computeIfAbsent(source, s -> SyntheticCollection.isChinese(s.startsWith("demo:")
                ? org.wenjin.retrieval.DemoDocuments.read(s.substring("demo:".length()))
                : EvaluationCollection.read("documents/" + s.substring(EvaluationCollection.SOURCE_PREFIX.length()))));
    }

    // ---- throughput and latency at scale ----

    private void scale(Path work, int chunks) throws IOException {
        line("## At " + String.format(Locale.ROOT, "%,d", chunks) + " chunks");
        line("");
        long start = System.nanoTime();
        SyntheticCollection collection = SyntheticCollection.fromEvaluationDocuments(BgeSmallZh.shared());
        double embedSeconds = (System.nanoTime() - start) / 1e9;
        line(String.format(Locale.ROOT, "Synthetic chunks: 4 to 8 random sentences of one evaluation document (%d sentences, "
                + "embedded in %.1f s: %.1f sentences/s); a chunk's vector is the normalised mean of its sentences' vectors.",
                collection.sentenceCount(), embedSeconds, collection.sentenceCount() / embedSeconds));
        line("");

        // Ingestion of a folder through the public API, as `wenjin ingest` does it, without vectors:
        // read, hash, parse, chunk, analyse, write, commit every 200 files.
        Path folder = Files.createDirectories(work.resolve("files"));
        for (int source = 0; source * CHUNKS_PER_SOURCE < Math.min(chunks, MAX_INGESTED_CHUNKS); source++) {
            Files.writeString(folder.resolve(String.format(Locale.ROOT, "%06d.md", source)), markdown(collection, source));
        }
        Path lexicalDir = work.resolve("lexical");
        start = System.nanoTime();
        IngestReport ingested;
        try (DocumentIndex index = DocumentIndex.open(lexicalDir, new Chunker(), false)) {
            ingested = index.ingest(List.of(folder));
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        line(String.format(Locale.ROOT, "- Ingesting a folder of %,d Markdown files without vectors (`DocumentIndex.ingest`): "
                + "%,d chunks in %.1f s, **%.0f chunks/s**; index %s.", ingested.files(), ingested.chunks(),
                ingestSeconds, ingested.chunks() / ingestSeconds, size(lexicalDir)));

        // All the chunks with their vectors, written straight to Lucene from one thread per CPU (the
        // model's cost is measured above): the index the latencies are measured on.
        Path hybridDir = work.resolve("hybrid");
        start = System.nanoTime();
        IndexWriterConfig config = new IndexWriterConfig(IndexSchema.analyzer()).setRAMBufferSizeMB(256);
        int sources = (chunks + CHUNKS_PER_SOURCE - 1) / CHUNKS_PER_SOURCE;
        try (FSDirectory directory = FSDirectory.open(hybridDir); IndexWriter writer = new IndexWriter(directory, config);
                ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<?>> done = new ArrayList<>();
            for (int source = 0; source < sources; source++) {
                int s = source;
                done.add(threads.submit(() -> {
                    writer.addDocuments(documents(collection, s));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writer.commit();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("writing the synthetic index", e);
        }
        double vectorSeconds = (System.nanoTime() - start) / 1e9;
        line(String.format(Locale.ROOT, "- Writing %,d chunks with precomputed vectors straight to Lucene (analysis, HNSW "
                + "graph, merges, one commit; one thread per CPU): %.1f s, **%.0f chunks/s**; index %s.",
                sources * CHUNKS_PER_SOURCE, vectorSeconds, sources * CHUNKS_PER_SOURCE / vectorSeconds, size(hybridDir)));
        line("");

        List<String> questions = Stream.concat(EvaluationSet.chinese().questions().stream(),
                EvaluationSet.english().questions().stream()).map(EvaluationSet.Question::text).toList();
        line("Latency of `DocumentIndex.search(query, k = 5)`, single-threaded, over the " + questions.size()
                + " evaluation questions asked " + LATENCY_PASSES + " times after a warm-up pass, the modes taking turns "
                + "question by question so that other load on the machine falls on all alike. Vector and hybrid "
                + "include embedding the question.");
        line("");
        line("| mode | p50 ms | p95 ms | mean ms |");
        line("|---|---:|---:|---:|");
        try (DocumentIndex index = DocumentIndex.open(hybridDir, new Chunker(), true)) {
            Map<String, Function<String, Object>> searches = new LinkedHashMap<>();
            for (SearchMode mode : SearchMode.values()) {
                searches.put(mode.toString(), q -> index.search(SearchRequest.of(q, 5).withMode(mode)));
            }
            searches.put("(embedding the question alone)", q -> BgeSmallZh.shared().query(q));
            latencies(questions, searches);
        }
        line("");
    }

    private static final int LATENCY_PASSES = 3;

    private void latencies(List<String> questions, Map<String, Function<String, Object>> searches) {
        for (String q : questions) {
            searches.values().forEach(search -> search.apply(q)); // warm-up: JIT, page cache
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        searches.keySet().forEach(name -> millis.put(name, new double[questions.size() * LATENCY_PASSES]));
        for (int pass = 0; pass < LATENCY_PASSES; pass++) {
            for (int i = 0; i < questions.size(); i++) {
                for (var search : searches.entrySet()) {
                    long start = System.nanoTime();
                    search.getValue().apply(questions.get(i));
                    millis.get(search.getKey())[pass * questions.size() + i] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        for (var entry : millis.entrySet()) {
            double[] sorted = entry.getValue();
            Arrays.sort(sorted);
            line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |", entry.getKey(), percentile(sorted, 50),
                    percentile(sorted, 95), Arrays.stream(sorted).average().orElse(0)));
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String markdown(SyntheticCollection collection, int source) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < CHUNKS_PER_SOURCE; i++) {
            SyntheticCollection.Chunk chunk = collection.chunk(SEED, source * CHUNKS_PER_SOURCE + i);
            if (i == 0) {
                text.append("# ").append(chunk.title()).append(" ").append(source).append("\n\n");
            }
            // A heading per chunk: the chunker starts a new chunk at every heading.
            text.append("## Part ").append(i + 1).append("\n\n").append(chunk.text()).append("\n\n");
        }
        return text.toString();
    }

    private static List<Document> documents(SyntheticCollection collection, int source) {
        List<Document> block = new ArrayList<>();
        String name = "synthetic:" + source;
        String title = null;
        for (int i = 0; i < CHUNKS_PER_SOURCE; i++) {
            SyntheticCollection.Chunk chunk = collection.chunk(SEED, source * CHUNKS_PER_SOURCE + i);
            title = chunk.title() + " " + source;
            block.add(IndexSchema.chunk(name + "#" + i, name, title, "Part " + (i + 1), i, chunk.text(), chunk.vector()));
        }
        block.add(IndexSchema.source(new SourceInfo(name, title, CHUNKS_PER_SOURCE, "-", Instant.now()), "synthetic"));
        return block;
    }

    private static String size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
            return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
