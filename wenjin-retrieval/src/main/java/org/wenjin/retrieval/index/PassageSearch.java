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
 * question but does not compare across questions. For an English question the vector list searches the
 * Chinese chunks only, where BM25 cannot reach, and only when BM25 finds nothing on the topic (see {@link #fuse}).
 */
public final class PassageSearch {

    /** Lucene's default limit on hits worth ranking; deeper lists only cost time. */
    private static final int MAX_DEPTH = 1000;

    /**
     * How many hits of each list go into the fusion. Over the evaluation sets 10 and 20 did equally well
     * and 30 worse: a passage that one list ranks 25th and the other not at all is rarely the answer.
     */
    static final int FUSION_DEPTH = 20;

    /**
     * A BM25 score from which a passage is on the question's topic: BM25 scores are the share of the question's
     * weighted words a passage matches ({@link PassageQuery}), and over the demo documents questions on a
     * document's topic score above 0.35, unrelated ones below 0.15 (see {@code DocumentIndex.search}).
     */
    static final double ON_TOPIC = 0.35;

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
            List<Hit> lexical = lexical(words.get(), filter, fusedDepth);
            double chinese = PassageQuery.chineseShare(request.query());
            double vectorWeight;
            Query among;
            if (chinese >= 0.5) {
                vectorWeight = chinese;
                among = filter;
            } else {
                // Meaning only among the Chinese chunks, and only when the words found nothing on the topic.
                boolean wordsFoundIt = !lexical.isEmpty() && lexical.getFirst().score() >= ON_TOPIC;
                vectorWeight = wordsFoundIt ? 0 : 1 - chinese;
                among = new BooleanQuery.Builder().add(filter, Occur.FILTER).add(IndexSchema.chineseChunks(), Occur.FILTER).build();
            }
            // Weight 0 would add vector hits only after every word match: not worth embedding the question for.
            List<Hit> semantic = vectorWeight > 0 ? semantic(request.query(), among, fusedDepth) : List.of();
            ranked = fuse(lexical, semantic, vectorWeight);
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
     * Weighted reciprocal rank fusion of the BM25 list (weight 1) and the vector list. bge-small-zh-v1.5 was
     * trained on Chinese text pairs. For a Chinese question its neighbours are good in both languages: it
     * finds English passages that BM25 cannot, and the vector list weighs the question's share of Chinese.
     * For an English question its similarities carry a language offset: English chunks score above Chinese
     * ones whatever their topic (on the English evaluation set it found 1 of the 25 questions about Chinese
     * documents in its top five), yet among the Chinese chunks alone it ranks the right one first for 8 of
     * those 25 and in the top three for 12. Ranking within one language takes the offset out, as centring
     * each language's vectors does in Libovický, Rosa and Fraser, "On the Language Neutrality of Pre-trained
     * Multilingual Representations" (Findings of EMNLP 2020). So for an English question the
     * vector list holds the Chinese chunks only, where BM25 can match little but Latin names, with weight
     * 1 − the Chinese share; and only when BM25's best passage is not {@linkplain #ON_TOPIC on the topic}: an
     * English question that BM25 answers from an English passage is ranked by BM25 alone, so that Chinese
     * passages which share a name with it do not come between. See docs/retrieval.md.
     */
    private static List<Hit> fuse(List<Hit> lexical, List<Hit> semantic, double vectorWeight) {
        List<RankFusion.Fused<Integer>> fused = RankFusion.fuse(List.of(
                lexical.stream().map(Hit::doc).toList(), semantic.stream().map(Hit::doc).toList()),
                new double[] {1, vectorWeight});
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
