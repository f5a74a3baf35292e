package org.wenjin.retrieval.eval;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.wenjin.retrieval.DemoDocuments;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.IngestReport;

/**
 * The documents the evaluation sets ask about: the twelve demo documents (source {@code demo:NAME}) and
 * twelve more written for the evaluation (source {@code eval:NAME}): six in English (movable type, TCP
 * congestion control, photosynthesis, Java garbage collection, nearest-neighbour search, mixture of
 * experts) and six in Chinese (tea, the Great Wall, high-speed rail, prompt engineering, knowledge
 * graphs, knowledge distillation). Half of them are about language models, so that the other
 * documents on the topic compete with the right one.
 */
final class EvaluationCollection {

    static final String FOLDER = "/org/wenjin/retrieval/eval/";
    static final String SOURCE_PREFIX = "eval:";

    static final List<String> DOCUMENTS = List.of(
            "printing.md", "tcp-congestion.md", "photosynthesis.md", "garbage-collection.md", "vector-search.md",
            "mixture-of-experts.md", "茶.md", "长城.md", "高铁.md", "提示工程.md", "知识图谱.md", "知识蒸馏.md");

    private EvaluationCollection() {
    }

    /** Ingests the demo and evaluation documents. */
    static IngestReport ingest(DocumentIndex index) {
        IngestReport demo = DemoDocuments.ingest(index);
        int files = demo.files();
        int chunks = demo.chunks();
        for (String name : DOCUMENTS) {
            IngestReport one = index.ingestText(SOURCE_PREFIX + name, null, read("documents/" + name));
            files += one.files();
            chunks += one.chunks();
        }
        return new IngestReport(files, chunks, List.of());
    }

    /** Every document's Markdown text, demo ones first. */
    static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (String name : DemoDocuments.names()) {
            texts.add(DemoDocuments.read(name));
        }
        for (String name : DOCUMENTS) {
            texts.add(read("documents/" + name));
        }
        return texts;
    }

    static String read(String resource) {
        InputStream in = EvaluationCollection.class.getResourceAsStream(FOLDER + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + FOLDER + resource);
        }
        return EvaluationSet.utf8(in, resource);
    }
}
