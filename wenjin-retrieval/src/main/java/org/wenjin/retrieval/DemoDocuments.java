package org.wenjin.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small bilingual knowledge base about large language models and their history, shipped as
 * classpath resources so a fresh installation has something to answer from. Six documents are in
 * English (the Transformer, BERT, the GPT series, ChatGPT and RLHF, LLaMA and open models,
 * retrieval-augmented generation) and six in Chinese (文心一言, 通义千问, quantization, tokenization,
 * evaluation, use in schools and hospitals).
 */
public final class DemoDocuments {

    private static final String FOLDER = "/org/wenjin/retrieval/demo/";

    /** The prefix of every demo source name, such as {@code demo:bert.md}. */
    public static final String SOURCE_PREFIX = "demo:";

    private DemoDocuments() {
    }

    /** The file names listed in the demo folder's {@code index.txt}, in order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        String[] lines = read("index.txt").split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.endsWith(".md")) {
                throw new IllegalStateException(FOLDER + "index.txt line " + (i + 1) + ": not a Markdown file name: " + line);
            }
            names.add(line);
        }
        return names;
    }

    /** The Markdown text of one demo document. */
    public static String read(String name) {
        try (InputStream in = DemoDocuments.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("demo document missing from the classpath: " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + FOLDER + name, e);
        }
    }

    /**
     * Ingests every demo document into {@code index} as source {@code demo:<name>}, titled by its
     * first heading. Unchanged documents are left as they are, so calling this at every start is cheap.
     */
    public static IngestReport ingest(DocumentIndex index) {
        int files = 0;
        int chunks = 0;
        List<SkippedFile> skipped = new ArrayList<>();
        for (String name : names()) {
            IngestReport one = index.ingestText(SOURCE_PREFIX + name, null, read(name));
            files += one.files();
            chunks += one.chunks();
            skipped.addAll(one.skipped());
        }
        return new IngestReport(files, chunks, skipped);
    }
}
