package org.wenjin.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.wenjin.retrieval.chunk.Chunk;
import org.wenjin.retrieval.chunk.Chunker;
import org.wenjin.retrieval.document.DocumentFormats;
import org.wenjin.retrieval.document.DocumentParser;
import org.wenjin.retrieval.document.MarkdownParser;
import org.wenjin.retrieval.document.ParsedDocument;
import org.wenjin.retrieval.document.UnreadableDocumentException;
import org.wenjin.retrieval.embed.BgeSmallZh;
import org.wenjin.retrieval.index.IndexSchema;
import org.wenjin.retrieval.index.PassageQuery;
import org.wenjin.retrieval.index.PassageSearch;

/**
 * A searchable collection of documents: ingests files and text, cuts them into chunks, and finds the
 * passages that answer a question, in Chinese, English or both.
 *
 * <p>Every chunk is searchable by its words (BM25 over a Chinese and an English analysis). An index
 * that keeps vectors also embeds every chunk with {@link BgeSmallZh} and finds chunks by meaning, and
 * by both together ({@link SearchMode}). Embedding costs about 0.1 s of CPU per chunk, so vectors are on
 * by default for an index on disk, which is built once and searched often, and off for one in memory.
 *
 * <p>Searches may run from any number of threads at once; ingestion and removal take turns. Each
 * {@code ingest}, {@code ingestText} and {@code removeSource} call is committed before it returns, so an
 * index opened again after a crash holds everything those calls accepted.
 */
public final class DocumentIndex implements PassageRetriever, AutoCloseable {

    /** Text files beyond this are logs or dumps, not documents anyone will ask about. */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** Commit during long ingestions too, so a crash loses at most this many files' work. */
    private static final int FILES_PER_COMMIT = 200;

    /**
     * Changes whenever parsing or chunking changes what a file becomes, so files indexed by an older
     * version are ingested again although their bytes are the same.
     */
    private static final String PIPELINE_VERSION = "4"; // 4: chunks carry their language

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Chunker chunker;
    private final BgeSmallZh embedder;
    private final Object writing = new Object();
    private volatile boolean closed;

    private DocumentIndex(Directory directory, Chunker chunker, boolean vectors, String where) {
        this.directory = directory;
        this.chunker = chunker;
        this.embedder = vectors ? BgeSmallZh.shared() : null;
        this.analyzer = IndexSchema.analyzer();
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("the index at " + where
                    + " is already open (in this or another process); close it first", e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("cannot open the index at " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the Lucene index in {@code directory}, creating the directory and an empty index if absent,
     * with vectors.
     */
    public static DocumentIndex open(Path directory) {
        return open(directory, new Chunker(), true);
    }

    /** As {@link #open(Path)}, with chunks of a different size. */
    public static DocumentIndex open(Path directory, Chunker chunker) {
        return open(directory, chunker, true);
    }

    /**
     * As {@link #open(Path)}; {@code vectors} says whether to embed what is ingested from now on and to
     * offer vector and hybrid search. Sources indexed with the other setting are re-indexed the next
     * time they are ingested, as if they had changed.
     */
    public static DocumentIndex open(Path directory, Chunker chunker, boolean vectors) {
        Path where = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(where);
            return new DocumentIndex(FSDirectory.open(where), chunker, vectors, where.toString());
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot use " + where + " for the index: it is a file, not a folder", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index directory " + where + ": " + e.getMessage(), e);
        }
    }

    /** An index held in memory and lost on close, without vectors: BM25 search only. */
    public static DocumentIndex inMemory() {
        return inMemory(new Chunker(), false);
    }

    public static DocumentIndex inMemory(Chunker chunker) {
        return inMemory(chunker, false);
    }

    /** An index held in memory and lost on close; with {@code vectors}, vector and hybrid search too. */
    public static DocumentIndex inMemory(Chunker chunker, boolean vectors) {
        return new DocumentIndex(new ByteBuffersDirectory(), chunker, vectors, "(memory)");
    }

    /** Whether this index embeds chunks and offers vector and hybrid search. */
    public boolean hasVectors() {
        return embedder != null;
    }

    /** The mode of {@link #search(String, int)}: hybrid when the index has vectors, else BM25. */
    public SearchMode defaultMode() {
        return embedder != null ? SearchMode.HYBRID : SearchMode.BM25;
    }

    /** As {@link #ingest(List, IngestListener)}, without progress events. */
    public IngestReport ingest(List<Path> paths) {
        return ingest(paths, IngestListener.NONE);
    }

    /**
     * Ingests files, and folders recursively (skipping hidden files and folders). A file whose content
     * hash and the chunking settings are unchanged since it was indexed is not touched; a changed file's
     * chunks are replaced. Files that cannot be read or parsed are reported in
     * {@link IngestReport#skipped()} and the rest continue. A file indexed before from a folder given
     * again, but no longer in it, is removed.
     */
    public IngestReport ingest(List<Path> paths, IngestListener listener) {
        IngestListener events = listener == null ? IngestListener.NONE : listener;
        synchronized (writing) {
            ensureOpen();
            Ingestion run = new Ingestion(events, indexedFingerprints());
            try {
                List<Path> files = new ArrayList<>();
                List<Path> walked = new ArrayList<>();
                for (Path path : paths) {
                    if (Files.isDirectory(path)) {
                        Path root = path.toAbsolutePath().normalize();
                        filesUnder(root, path, run).ifPresent(found -> {
                            files.addAll(found);
                            walked.add(root);
                        });
                    } else {
                        files.add(path);
                    }
                }
                events.onStart(files.size());
                for (Path file : files) {
                    if (Files.exists(file)) {
                        ingestFile(file, run);
                    } else {
                        run.skip(file.toString(), absolute(file), "no such file or folder");
                    }
                }
                for (Path root : walked) {
                    removeVanished(root, run);
                }
            } finally {
                commit();
            }
            return run.report();
        }
    }

    /**
     * Ingests text that is not a file, read as Markdown: a demo document from the classpath, a page
     * the caller fetched. {@code source} names it in results and in {@link #removeSource(String)}; the
     * title, when null or blank, is the text's first heading or else the source.
     */
    public IngestReport ingestText(String source, String title, String text) {
        Objects.requireNonNull(text, "text");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must name the text, was " + (source == null ? "null" : "blank"));
        }
        synchronized (writing) {
            ensureOpen();
            String sha256 = sha256(text.getBytes(StandardCharsets.UTF_8));
            String fingerprint = fingerprint(sha256) + "/" + (title == null ? "" : title);
            if (fingerprint.equals(indexedFingerprint(source).orElse(null))) {
                return new IngestReport(0, 0, List.of());
            }
            ParsedDocument parsed = new MarkdownParser().parse(text, source);
            if (title != null && !title.isBlank()) {
                parsed = new ParsedDocument(title.strip(), parsed.blocks());
            }
            int chunks = write(source, parsed, sha256, fingerprint, Instant.now());
            commit();
            return chunks == 0
                    ? new IngestReport(0, 0, List.of(new SkippedFile(source, "contains no text")))
                    : new IngestReport(1, chunks, List.of());
        }
    }

    /**
     * The passages that best match the request, best first, with near-duplicate passages left out; an empty list
     * when nothing matches or the query has no words to search for. Vector and hybrid modes need an index with
     * vectors ({@link #hasVectors()}); asking one without for them is an {@link IllegalStateException}.
     * {@code search(query, k)} asks in the {@linkplain #defaultMode() default mode}.
     *
     * <p>In BM25 mode scores lie in [0, 1] and mean the same for every query (the share of the query's
     * weighted words a passage matches, see {@link PassageQuery}), so a caller can drop results below
     * a fixed threshold: over the demo documents, questions on a document's topic score above 0.35 and
     * unrelated questions below 0.15. Vector and hybrid scores mean something else; see
     * {@link PassageSearch}.
     */
    @Override
    public List<Passage> search(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        SearchMode mode = request.mode() == null ? defaultMode() : request.mode();
        IndexSearcher searcher = acquire();
        try {
            return new PassageSearch(searcher, analyzer, embedder).run(request, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("searching for \"" + request.query() + "\": " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    /**
     * Ingests the content of a file that has no path here, such as an upload: {@code fileName} chooses
     * the format by its extension and titles the document when it names no title of its own;
     * {@code source} names it in results and in {@link #removeSource(String)}. Content unchanged since it
     * was indexed under the same source is not indexed again. An unreadable file is reported in
     * {@link IngestReport#skipped()} under {@code fileName}, and an earlier version of the source is kept.
     */
    public IngestReport ingestBytes(String source, String fileName, byte[] content, Instant modified) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(modified, "modified");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must name the content, was " + (source == null ? "null" : "blank"));
        }
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must be given: its extension says how to read the content");
        }
        synchronized (writing) {
            ensureOpen();
            Map<String, String> known = new HashMap<>();
            indexedFingerprint(source).ifPresent(f -> known.put(source, f));
            Ingestion run = new Ingestion(IngestListener.NONE, known);
            if (content.length > MAX_FILE_BYTES) {
                run.skip(fileName, source, "too large: " + content.length + " bytes (limit " + MAX_FILE_BYTES + ")");
            } else {
                ingestContent(fileName, source, fileName, content, modified, run);
                commit();
            }
            return run.report();
        }
    }

    /**
     * The passage with this id and up to {@code radius} passages on each side of it in its document, in
     * document order: what a reader needs to see a cited passage in its context. Empty when no indexed
     * source holds the id.
     */
    public List<Passage> context(String chunkId, int radius) {
        Objects.requireNonNull(chunkId, "chunkId");
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be at least 0, was " + radius);
        }
        IndexSearcher searcher = acquire();
        try {
            TopDocs hit = searcher.search(new TermQuery(new Term(IndexSchema.CHUNK_ID, chunkId)), 1);
            if (hit.scoreDocs.length == 0) {
                return List.of();
            }
            StoredFields stored = searcher.storedFields();
            Document cited = stored.document(hit.scoreDocs[0].doc);
            int ordinal = IndexSchema.ordinal(cited);
            Query sameSource = new BooleanQuery.Builder()
                    .add(IndexSchema.chunks(), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(IndexSchema.sourceTerm(cited.get(IndexSchema.SOURCE))), BooleanClause.Occur.FILTER)
                    .build();
            List<Document> around = new ArrayList<>();
            for (ScoreDoc doc : searcher.search(sameSource, Math.max(1, searcher.count(sameSource))).scoreDocs) {
                Document chunk = stored.document(doc.doc);
                if (Math.abs(IndexSchema.ordinal(chunk) - ordinal) <= radius) {
                    around.add(chunk);
                }
            }
            around.sort(Comparator.comparingInt(IndexSchema::ordinal));
            return around.stream().map(d -> IndexSchema.passage(d, 0)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the context of chunk " + chunkId + ": " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    /** The passage with this id, if its source still holds it unchanged. */
    public Optional<Passage> passage(String chunkId) {
        Objects.requireNonNull(chunkId, "chunkId");
        IndexSearcher searcher = acquire();
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(IndexSchema.CHUNK_ID, chunkId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(IndexSchema.passage(searcher.storedFields().document(top.scoreDocs[0].doc), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("reading chunk " + chunkId + ": " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    /** Every indexed source, ordered by source. */
    public List<SourceInfo> sources() {
        IndexSearcher searcher = acquire();
        try {
            Query all = IndexSchema.sources();
            int count = searcher.count(all);
            if (count == 0) {
                return List.of();
            }
            StoredFields stored = searcher.storedFields();
            List<SourceInfo> sources = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(all, count).scoreDocs) {
                sources.add(IndexSchema.sourceInfo(stored.document(hit.doc)));
            }
            sources.sort(Comparator.comparing(SourceInfo::source));
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException("listing sources: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    /**
     * Removes a source and all its chunks. {@code source} is the name in {@link SourceInfo#source()};
     * a relative file path is resolved against the working directory. False when no such source is indexed.
     */
    public boolean removeSource(String source) {
        synchronized (writing) {
            ensureOpen();
            String name = indexedFingerprint(source).isPresent() ? source : absolute(Path.of(source));
            if (indexedFingerprint(name).isEmpty()) {
                return false;
            }
            delete(name);
            commit();
            return true;
        }
    }

    /** How many chunks the index holds. */
    public long chunkCount() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.count(IndexSchema.chunks());
        } catch (IOException e) {
            throw new UncheckedIOException("counting chunks: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public void close() {
        synchronized (writing) {
            if (closed) {
                return;
            }
            closed = true;
            try (directory; analyzer; writer; searchers) {
                writer.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the index: " + e.getMessage(), e);
            }
        }
    }

    // ---- ingestion ----

    /** The files to ingest under a folder, sorted; empty (and reported) when the folder cannot be read. */
    private Optional<List<Path>> filesUnder(Path root, Path folder, Ingestion run) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !isHidden(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    run.skip(file.toString(), file.toString(), readFailure(e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            run.skip(folder.toString(), root.toString(), readFailure(e));
            return Optional.empty();
        }
        files.sort(Comparator.naturalOrder());
        return Optional.of(files);
    }

    /** Sources indexed from under {@code root} whose files are gone. Hidden ones were added by name: kept. */
    private void removeVanished(Path root, Ingestion run) {
        for (String source : List.copyOf(run.fingerprints.keySet())) {
            Path path = Path.of(source);
            if (path.isAbsolute() && path.startsWith(root) && !run.seen.contains(source)
                    && !Files.exists(path) && noHiddenPart(root.relativize(path))) {
                delete(source);
                run.fingerprints.remove(source);
                run.listener.onSource(new IngestEvent(source, IngestEvent.Kind.REMOVED, 0, ""));
            }
        }
    }

    private void ingestFile(Path file, Ingestion run) {
        String shown = file.toString();
        String source = absolute(file);
        if (!run.seen.add(source)) {
            return; // named twice, or inside a folder also named
        }
        String fileName = file.getFileName().toString();
        if (DocumentFormats.forFileName(fileName).isEmpty()) {
            run.skip(shown, source, unsupported(fileName)); // before reading: it may be large
            return;
        }
        byte[] bytes;
        Instant modified;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                run.skip(shown, source, "too large: " + size + " bytes (limit " + MAX_FILE_BYTES + ")");
                return;
            }
            bytes = Files.readAllBytes(file);
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            run.skip(shown, source, readFailure(e));
            return;
        }
        if (ingestContent(shown, source, fileName, bytes, modified, run) && run.files % FILES_PER_COMMIT == 0) {
            commit();
        }
    }

    /**
     * Parses and writes one file's content unless its fingerprint is unchanged; reports what happened to
     * {@code run}, and returns whether chunks were written.
     */
    private boolean ingestContent(String shown, String source, String fileName, byte[] bytes, Instant modified,
            Ingestion run) {
        Optional<DocumentParser> parser = DocumentFormats.forFileName(fileName);
        if (parser.isEmpty()) {
            run.skip(shown, source, unsupported(fileName));
            return false;
        }
        String sha256 = sha256(bytes);
        String fingerprint = fingerprint(sha256);
        if (fingerprint.equals(run.fingerprints.get(source))) {
            run.listener.onSource(new IngestEvent(source, IngestEvent.Kind.UNCHANGED, 0, ""));
            return false;
        }
        ParsedDocument parsed;
        try {
            parsed = parser.get().parse(bytes, DocumentFormats.baseName(fileName));
        } catch (UnreadableDocumentException e) {
            run.skip(shown, source, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            run.skip(shown, source, "cannot parse: " + e);
            return false;
        }
        int chunks = write(source, parsed, sha256, fingerprint, modified);
        if (chunks == 0) {
            run.skip(shown, source, "contains no text");
            return false;
        }
        run.fingerprints.put(source, fingerprint);
        run.indexed(source, chunks);
        return true;
    }

    private static String unsupported(String fileName) {
        String extension = DocumentFormats.extension(fileName);
        return (extension.isEmpty() ? "no file extension" : "unsupported format ." + extension)
                + "; supported: " + String.join(", ", DocumentFormats.extensions());
    }

    /** Replaces the source's chunks with the document's; returns how many, 0 (writing nothing) when it has no text. */
    private int write(String source, ParsedDocument parsed, String sha256, String fingerprint, Instant modified) {
        List<Chunk> chunks = chunker.chunk(parsed);
        if (chunks.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = embedder == null ? null : embedder.passages(chunks.stream()
                .map(c -> IndexSchema.searchable(parsed.title(), c.section(), c.text()))
                .toList());
        List<Document> block = new ArrayList<>(chunks.size() + 1);
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            block.add(IndexSchema.chunk(chunkId(source, chunk), source, parsed.title(), chunk.section(),
                    chunk.ordinal(), chunk.text(), vectors == null ? null : vectors.get(i)));
        }
        block.add(IndexSchema.source(new SourceInfo(source, parsed.title(), chunks.size(), sha256, modified),
                fingerprint));
        try {
            writer.updateDocuments(IndexSchema.sourceTerm(source), block);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + source + " to the index: " + e.getMessage(), e);
        }
        return chunks.size();
    }

    private void delete(String source) {
        try {
            writer.deleteDocuments(IndexSchema.sourceTerm(source));
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + source + " from the index: " + e.getMessage(), e);
        }
    }

    private void commit() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("committing the index: " + e.getMessage(), e);
        }
    }

    /** The fingerprint of one indexed source, found by its name (not by reading every source). */
    private Optional<String> indexedFingerprint(String source) {
        IndexSearcher searcher = acquire();
        try {
            Query one = new BooleanQuery.Builder()
                    .add(IndexSchema.sources(), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(IndexSchema.sourceTerm(source)), BooleanClause.Occur.FILTER)
                    .build();
            TopDocs top = searcher.search(one, 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(searcher.storedFields().document(top.scoreDocs[0].doc).get(IndexSchema.FINGERPRINT));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the indexed source " + source + ": " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    /** Source name to fingerprint, for every indexed source. */
    private Map<String, String> indexedFingerprints() {
        IndexSearcher searcher = acquire();
        try {
            Map<String, String> fingerprints = new HashMap<>();
            Query all = IndexSchema.sources();
            int count = searcher.count(all);
            if (count > 0) {
                StoredFields stored = searcher.storedFields();
                for (ScoreDoc hit : searcher.search(all, count).scoreDocs) {
                    Document doc = stored.document(hit.doc);
                    fingerprints.put(doc.get(IndexSchema.SOURCE), doc.get(IndexSchema.FINGERPRINT));
                }
            }
            return fingerprints;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the indexed sources: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    private String fingerprint(String sha256) {
        return sha256 + "/v" + PIPELINE_VERSION + "/" + chunker.targetTokens()
                + (embedder == null ? "" : "/" + BgeSmallZh.NAME);
    }

    /**
     * A chunk's id hashes its source, position and text: it stays the same when its document is
     * re-ingested unchanged and disappears when that chunk changes, so a stored citation never points
     * at different text.
     */
    private static String chunkId(String source, Chunk chunk) {
        String key = source + '\u0000' + chunk.ordinal() + '\u0000' + chunk.section() + '\u0000' + chunk.text();
        return sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 20);
    }

    // ---- small pieces ----

    private IndexSearcher acquire() {
        ensureOpen();
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("opening a searcher: " + e.getMessage(), e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("releasing a searcher: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the document index is closed");
        }
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean noHiddenPart(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static String readFailure(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot read: permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "cannot read: no such file";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return "cannot read: " + fs.getReason();
        }
        return "cannot read: " + e.getMessage();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void closeQuietly(Directory directory) {
        try {
            directory.close();
        } catch (IOException ignored) {
            // the open failure is what the caller needs to see
        }
    }

    /** The running totals of one {@link #ingest} call. */
    private static final class Ingestion {
        final IngestListener listener;
        final Map<String, String> fingerprints;
        final Set<String> seen = new HashSet<>();
        final Map<String, SkippedFile> skipped = new LinkedHashMap<>();
        int files;
        int chunks;

        Ingestion(IngestListener listener, Map<String, String> fingerprints) {
            this.listener = listener;
            this.fingerprints = fingerprints;
        }

        void indexed(String source, int count) {
            files++;
            chunks += count;
            listener.onSource(new IngestEvent(source, IngestEvent.Kind.INDEXED, count, ""));
        }

        void skip(String shown, String source, String reason) {
            seen.add(source);
            skipped.putIfAbsent(source, new SkippedFile(shown, reason));
            listener.onSource(new IngestEvent(source, IngestEvent.Kind.SKIPPED, 0, reason));
        }

        IngestReport report() {
            return new IngestReport(files, chunks, List.copyOf(skipped.values()));
        }
    }
}
