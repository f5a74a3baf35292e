package org.wenjin.retrieval.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import org.wenjin.retrieval.embed.BgeSmallZh;

/**
 * One search over one point-in-time view of the index, in four steps:
 * <ol>
 *   <li>candidates: the best chunks by BM25 ({@link PassageQuery}), by vector similarity (HNSW), or both,
 *       each list restricted by the request's filters before ranking, not after;
 *   <li>ranking: one list as it is, two fused by {@link RankFusion};
 *   <li>near duplicates of a better passage are dropped ({@link NearDuplicates});
 *   <li>with a diversity above 0, {@link MaximalMarginalRelevance} picks the final passages from a wider pool.
 * </ol>
 *
 * <p>A reranker that reads the question and each passage together (a cross-encoder such as
 * bge-reranker) would rescore the pool between steps 3 and 4; none ships in a Maven artifact today, so
 * none is wired in.
 *
 * <p>What a passage's score means depends on the mode: in BM25 the share of the question's weighted
 * words it matches ({@link PassageQuery}), comparable across questions; in vector mode the cosine
 * similarity of the two vectors (about 0.3 to 0.5 for unrelated text, 0.6 and up for a passage on the
 * question's topic with bge-small-zh-v1.5); in hybrid the fused reciprocal-rank score divided by the
 * best attainable, 1 for a passage that both lists rank first, which orders the passages of one
 * question but does not compare across questions. For an English question hybrid ranks as BM25 does,
 * because the vector list's weight in the fusion is the question's share of Chinese.
 */
public final class PassageSearch {

    /** Lucene's default limit on hits worth ranking; deeper lists only cost time. */
    private static final int MAX_DEPTH = 1000;

    /**
     * How many hits of each list go into the fusion. Over the evaluation sets 10 and 20 did equally well
     * and 30 worse: a passage that one list ranks 25th and the other not at all is rarely the answer.
     */
    static final int FUSION_DEPTH = 20;

    private final IndexSearcher searcher;
    private final Analyzer analyzer;
    private final BgeSmallZh embedder;

    /** @param embedder the model the index's vectors came from, or null when it keeps none */
    public PassageSearch(IndexSearcher searcher, Analyzer analyzer, BgeSmallZh embedder) {
        this.searcher = searcher;
        this.analyzer = analyzer;
        this.embedder = embedder;
    }

    public List<Passage> run(SearchRequest request, SearchMode mode) throws IOException {
        if (request.query().isBlank()) {
            return List.of();
        }
        if (mode != SearchMode.BM25 && embedder == null) {
            throw new IllegalStateException(mode + " search needs vectors, and this index was opened without them");
        }
        int k = request.k();
        boolean diverse = request.diversity() > 0;
        int pool = diverse ? Math.max(3 * k, 20) : k;
        // Extra depth so that enough remain once near duplicates are dropped. Fused lists are cut
        // shorter: deep in either list the other one's evidence no longer moves anything up.
        int depth = Math.min(MAX_DEPTH, 3 * pool + 10);
        int fusedDepth = Math.min(MAX_DEPTH, Math.max(FUSION_DEPTH, 2 * pool));
        Query filter = filter(request);

        Optional<Query> words = PassageQuery.build(request.query(), analyzer, searcher);
        List<Hit> ranked;
        if (mode == SearchMode.VECTOR) {
            ranked = semantic(request.query(), filter, depth);
        } else if (words.isEmpty()) {
            return List.of(); // only question words: nothing to look for, in words or (in hybrid) in meaning
        } else if (mode == SearchMode.BM25) {
            ranked = lexical(words.get(), filter, depth);
        } else {
            double vectorWeight = PassageQuery.chineseShare(request.query());
            // Weight 0 would add vector hits only after every word match: not worth embedding the question for.
            List<Hit> semantic = vectorWeight > 0 ? semantic(request.query(), filter, fusedDepth) : List.of();
            ranked = fuse(lexical(words.get(), filter, fusedDepth), semantic, vectorWeight);
        }

        StoredFields stored = searcher.storedFields();
        NearDuplicates duplicates = new NearDuplicates();
        List<Hit> kept = new ArrayList<>();
        Map<Integer, Document> documents = new HashMap<>();
        for (Hit hit : ranked) {
            Document doc = stored.document(hit.doc());
            if (duplicates.keep(doc.get(IndexSchema.TEXT))) {
                kept.add(hit);
                documents.put(hit.doc(), doc);
                if (kept.size() == pool) {
                    break;
                }
            }
        }
        if (diverse) {
            kept = diversify(kept, documents, 1 - request.diversity(), k);
        }
        List<Passage> passages = new ArrayList<>(kept.size());
        for (Hit hit : kept) {
            passages.add(IndexSchema.passage(documents.get(hit.doc()), hit.score()));
        }
        return passages;
    }

    /** A chunk (by Lucene doc id) and its score in the mode's terms. */
    private record Hit(int doc, double score) {
    }

    private static Query filter(SearchRequest request) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder().add(IndexSchema.chunks(), Occur.FILTER);
        if (request.sourcePrefix() != null) {
            filter.add(new PrefixQuery(new Term(IndexSchema.SOURCE, request.sourcePrefix())), Occur.FILTER);
        }
        if (request.title() != null) {
            filter.add(new TermQuery(new Term(IndexSchema.TITLE_KEY, IndexSchema.titleKey(request.title()))), Occur.FILTER);
        }
        return filter.build();
    }

    private List<Hit> lexical(Query words, Query filter, int depth) throws IOException {
        Query query = new BooleanQuery.Builder().add(words, Occur.MUST).add(filter, Occur.FILTER).build();
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(query, depth).scoreDocs) {
            hits.add(new Hit(hit.doc, Math.clamp(hit.score, 0.0, 1.0)));
        }
        return hits;
    }

    private List<Hit> semantic(String question, Query filter, int depth) throws IOException {
        float[] vector = embedder.query(question);
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(new KnnFloatVectorQuery(IndexSchema.VECTOR, vector, depth, filter), depth).scoreDocs) {
            // Lucene scores cosine similarity as (1 + cos) / 2, to keep scores positive.
            hits.add(new Hit(hit.doc, Math.clamp(2.0 * hit.score - 1, 0.0, 1.0)));
        }
        return hits;
    }

    /**
     * Weighted reciprocal rank fusion. The vector list's weight is the question's share of Chinese:
     * bge-small-zh-v1.5 was trained on Chinese text pairs, and on an English question its neighbours
     * are little better than chance (on the English evaluation set, which asks half its questions
     * about Chinese documents, it found none of those in its top ten), while on a Chinese question it
     * finds English passages that BM25 cannot (see docs/retrieval.md).
     */
    private static List<Hit> fuse(List<Hit> lexical, List<Hit> semantic, double chineseShare) {
        List<RankFusion.Fused<Integer>> fused = RankFusion.fuse(List.of(
                lexical.stream().map(Hit::doc).toList(), semantic.stream().map(Hit::doc).toList()),
                new double[] {1, chineseShare});
        return fused.stream().map(f -> new Hit(f.item(), f.score())).toList();
    }

    /**
     * MMR over the pool. Passages are compared by their vectors where every one has a vector, else by
     * the overlap of their character 4-grams, the measure {@link NearDuplicates} uses.
     */
    private List<Hit> diversify(List<Hit> pool, Map<Integer, Document> documents, double lambda, int k) throws IOException {
        if (pool.isEmpty()) {
            return pool;
        }
        double best = pool.stream().mapToDouble(Hit::score).max().orElse(1);
        double[] relevance = pool.stream().mapToDouble(h -> best > 0 ? h.score() / best : 0).toArray();
        Map<Integer, float[]> vectors = embedder == null ? Map.of() : vectors(pool);
        if (vectors.size() == pool.size()) {
            return MaximalMarginalRelevance.select(pool, relevance,
                    (a, b) -> Math.max(0, cosine(vectors.get(a.doc()), vectors.get(b.doc()))), lambda, k);
        }
        Map<Integer, Set<String>> shingles = new HashMap<>();
        for (Hit hit : pool) {
            shingles.put(hit.doc(), NearDuplicates.shingles(documents.get(hit.doc()).get(IndexSchema.TEXT)));
        }
        return MaximalMarginalRelevance.select(pool, relevance,
                (a, b) -> NearDuplicates.jaccard(shingles.get(a.doc()), shingles.get(b.doc())), lambda, k);
    }

    /** The stored vectors of the hits that have one, by doc id. */
    private Map<Integer, float[]> vectors(List<Hit> hits) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int[] docs = hits.stream().mapToInt(Hit::doc).sorted().toArray();
        Map<Integer, float[]> vectors = new HashMap<>();
        int leaf = -1;
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator iterator = null;
        for (int doc : docs) {
            int in = ReaderUtil.subIndex(doc, leaves);
            if (in != leaf) {
                leaf = in;
                values = leaves.get(in).reader().getFloatVectorValues(IndexSchema.VECTOR);
                iterator = values == null ? null : values.iterator();
            }
            if (iterator == null) {
                continue;
            }
            int target = doc - leaves.get(in).docBase;
            int at = iterator.docID() >= target ? iterator.docID() : iterator.advance(target);
            if (at == target) {
                vectors.put(doc, values.vectorValue(iterator.index()).clone()); // the reader reuses its array
            }
        }
        return vectors;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
