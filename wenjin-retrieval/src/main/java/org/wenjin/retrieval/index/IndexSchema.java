package org.wenjin.retrieval.index;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SourceInfo;

/**
 * The Lucene documents the index holds. Each source is one block of documents: its chunks, then one
 * source record with the content hash, so replacing a source is one atomic
 * {@code updateDocuments(sourceTerm, block)}.
 *
 * <p>Every chunk's title, section and text are indexed twice: in {@link #BODY_ZH} with Lucene's
 * SmartChineseAnalyzer (HMM word segmentation with a dictionary derived from ICTCLAS, with Porter
 * stemming of Latin words), and in {@link #BODY_EN} with EnglishAnalyzer (Unicode word segmentation,
 * which cuts Chinese into single characters, and Porter stemming); both leave out {@link StopWords}.
 * Words found by segmentation are precise; single characters still match where segmentation cut a
 * name differently in the question and the passage. In an index that keeps vectors, the same text is
 * also embedded into {@link #VECTOR}.
 */
public final class IndexSchema {

    public static final String KIND = "kind";
    public static final String SOURCE = "source";
    public static final String CHUNK_ID = "chunk_id";
    public static final String TITLE = "title";
    public static final String SECTION = "section";
    public static final String TEXT = "text";
    public static final String ORDINAL = "ordinal";
    public static final String BODY_ZH = "body_zh";
    public static final String BODY_EN = "body_en";
    public static final String SHA256 = "sha256";
    public static final String FINGERPRINT = "fingerprint";
    public static final String MODIFIED = "modified";
    public static final String CHUNKS = "chunks";
    /** The chunk's dense vector ({@link org.wenjin.retrieval.embed.BgeSmallZh}) in an HNSW graph, compared by cosine. */
    public static final String VECTOR = "vector";
    /**
     * {@value #CHINESE} for a chunk whose text is mostly Chinese (by {@link PassageQuery#chineseShare}), else
     * {@value #OTHER_LANGUAGE}: hybrid search looks for an English question's meaning among the Chinese
     * chunks alone (see {@link PassageSearch}).
     */
    public static final String LANGUAGE = "language";
    public static final String CHINESE = "zh";
    public static final String OTHER_LANGUAGE = "other";
    /** The title, lower-cased and not analysed, for the title filter. */
    public static final String TITLE_KEY = "title_key";

    public static final String CHUNK_KIND = "chunk";
    public static final String SOURCE_KIND = "source";

    private IndexSchema() {
    }

    /** The analyzer for writing and querying: one per body field. */
    public static Analyzer analyzer() {
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(
                BODY_ZH, new SmartChineseAnalyzer(StopWords.chinese()),
                BODY_EN, new EnglishAnalyzer(StopWords.english())));
    }

    public static Query chunks() {
        return new TermQuery(new Term(KIND, CHUNK_KIND));
    }

    public static Query sources() {
        return new TermQuery(new Term(KIND, SOURCE_KIND));
    }

    /** The chunks whose text is mostly Chinese. */
    public static Query chineseChunks() {
        return new TermQuery(new Term(LANGUAGE, CHINESE));
    }

    public static Term sourceTerm(String source) {
        return new Term(SOURCE, source);
    }

    /**
     * @param vector the chunk's dense vector, or null when the index keeps none
     */
    public static Document chunk(String chunkId, String source, String title, String section, int ordinal,
            String text, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(KIND, CHUNK_KIND, Field.Store.NO));
        doc.add(new StringField(CHUNK_ID, chunkId, Field.Store.YES));
        doc.add(new StringField(SOURCE, source, Field.Store.YES));
        doc.add(new StoredField(TITLE, title));
        doc.add(new StringField(TITLE_KEY, titleKey(title), Field.Store.NO));
        doc.add(new StoredField(SECTION, section));
        doc.add(new StoredField(ORDINAL, ordinal));
        doc.add(new StoredField(TEXT, text));
        doc.add(new StringField(LANGUAGE, PassageQuery.chineseShare(text) >= 0.5 ? CHINESE : OTHER_LANGUAGE, Field.Store.NO));
        // The title and section go into the searchable text: "BERT" should find BERT's "Training" section.
        String searchable = searchable(title, section, text);
        doc.add(new TextField(BODY_ZH, searchable, Field.Store.NO));
        doc.add(new TextField(BODY_EN, searchable, Field.Store.NO));
        if (vector != null) {
            doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        }
        return doc;
    }

    /** What a chunk is found by, in words and in meaning: its title, section and text. */
    public static String searchable(String title, String section, String text) {
        return title + "\n" + section + "\n" + text;
    }

    public static String titleKey(String title) {
        return title.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * @param fingerprint the content hash together with the chunking settings; a source whose
     *     fingerprint is unchanged is not ingested again
     */
    public static Document source(SourceInfo info, String fingerprint) {
        Document doc = new Document();
        doc.add(new StringField(KIND, SOURCE_KIND, Field.Store.NO));
        doc.add(new StringField(SOURCE, info.source(), Field.Store.YES));
        doc.add(new StoredField(TITLE, info.title()));
        doc.add(new StoredField(CHUNKS, info.chunks()));
        doc.add(new StoredField(SHA256, info.sha256()));
        doc.add(new StoredField(FINGERPRINT, fingerprint));
        doc.add(new StoredField(MODIFIED, info.modified().toEpochMilli()));
        return doc;
    }

    public static Passage passage(Document doc, double score) {
        return new Passage(doc.get(CHUNK_ID), doc.get(SOURCE), doc.get(TITLE), doc.get(SECTION), doc.get(TEXT),
                score);
    }

    /** A chunk's position in its document, from 0. */
    public static int ordinal(Document chunk) {
        return chunk.getField(ORDINAL).numericValue().intValue();
    }

    public static SourceInfo sourceInfo(Document doc) {
        return new SourceInfo(doc.get(SOURCE), doc.get(TITLE), doc.getField(CHUNKS).numericValue().intValue(),
                doc.get(SHA256), Instant.ofEpochMilli(doc.getField(MODIFIED).numericValue().longValue()));
    }
}
