package org.wenjin.retrieval.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.wenjin.retrieval.chunk.TokenEstimate;

/**
 * Turns a question into one Lucene query over both body fields whose score lies in [0, 1].
 *
 * <p>Lucene's BM25 (since Lucene 8, without the constant (k1 + 1) factor) scores a matching term
 * {@code idf · tf / (tf + k1 · (1 − b + b · dl / avgdl))}, which approaches {@code idf} as the term
 * repeats. The sum of the question terms' idf is therefore an upper bound on the field's score, and
 * dividing by it gives the share of the question's information the passage matches, damped by
 * saturation: near 1 for a passage that contains every question word often, near 0 for one that
 * matches only common words. Terms the index has never seen count in the bound with the idf of an
 * unseen term, so a question about something the documents don't mention scores low. This is what
 * lets callers set one threshold for every question.
 *
 * <p>The two fields are mixed by the question's script: a Chinese question leans on word
 * segmentation, an English one on stemming; each keeps at least {@value #MIN_FIELD_WEIGHT} of the weight.
 */
public final class PassageQuery {

    static final double MIN_FIELD_WEIGHT = 0.35;

    /** Lucene's default limit on clauses is 1024; a pasted page should not reach it. */
    private static final int MAX_TERMS_PER_FIELD = 128;

    private PassageQuery() {
    }

    /** The query for {@code question}, or empty when it has no searchable words at all. */
    public static Optional<Query> build(String question, Analyzer analyzer, IndexSearcher searcher) {
        double chineseShare = chineseShare(question);
        double zhWeight = MIN_FIELD_WEIGHT + (1 - 2 * MIN_FIELD_WEIGHT) * chineseShare;
        BooleanQuery.Builder both = new BooleanQuery.Builder();
        boolean any = false;
        any |= addField(both, IndexSchema.BODY_ZH, zhWeight, question, analyzer, searcher);
        any |= addField(both, IndexSchema.BODY_EN, 1 - zhWeight, question, analyzer, searcher);
        if (!any) {
            return Optional.empty();
        }
        // Required, not optional: beside a filter, optional clauses alone would let every chunk match.
        return Optional.of(new BooleanQuery.Builder()
                .add(both.build(), Occur.MUST)
                .add(IndexSchema.chunks(), Occur.FILTER)
                .build());
    }

    private static boolean addField(BooleanQuery.Builder both, String field, double weight, String question,
            Analyzer analyzer, IndexSearcher searcher) {
        Set<String> terms = terms(field, question, analyzer);
        if (terms.isEmpty()) {
            return false;
        }
        try {
            CollectionStatistics stats = searcher.collectionStatistics(field);
            long docCount = stats == null ? 0 : stats.docCount();
            BooleanQuery.Builder fieldQuery = new BooleanQuery.Builder();
            double idfSum = 0;
            for (String text : terms) {
                Term term = new Term(field, text);
                idfSum += idf(searcher.getIndexReader().docFreq(term), docCount);
                fieldQuery.add(new TermQuery(term), Occur.SHOULD);
            }
            both.add(new BoostQuery(fieldQuery.build(), (float) (weight / idfSum)), Occur.SHOULD);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading term statistics of " + field, e);
        }
    }

    /** BM25Similarity.idf: log(1 + (N − n + 0.5) / (n + 0.5)). */
    static double idf(long docFreq, long docCount) {
        return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
    }

    private static Set<String> terms(String field, String text, Analyzer analyzer) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < MAX_TERMS_PER_FIELD) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing the query for " + field, e);
        }
        return terms;
    }

    /** The share of the text's estimated tokens that are Chinese characters: 1 for Chinese, 0 for English. */
    static double chineseShare(String question) {
        int total = TokenEstimate.of(question);
        if (total == 0) {
            return 0.5;
        }
        long cjk = question.chars().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
        return Math.min(1.0, cjk / (double) total);
    }
}
