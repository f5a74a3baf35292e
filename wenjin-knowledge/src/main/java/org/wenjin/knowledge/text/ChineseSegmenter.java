package org.wenjin.knowledge.text;

import com.hankcs.hanlp.collection.trie.DoubleArrayTrie;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Splits Chinese text into words with HanLP's Viterbi segmenter (core dictionary, bigram model, person-name
 * recognition), extended with the graph's own names so that a name the core dictionary lacks (文心一言,
 * 通义千问) is kept whole where the segmenter's model agrees.
 *
 * <p>The names go into a dictionary private to this segmenter, not HanLP's process-wide custom dictionary,
 * so two graphs in one process do not see each other's names. Names are only merged from whole words the
 * segmenter found; they never split a word of its own, which is what lets a caller trust a cut.
 */
public final class ChineseSegmenter {
    private final Segment segment;

    public ChineseSegmenter(Collection<String> names) {
        ViterbiSegment viterbi = new ViterbiSegment();
        viterbi.enableOffset(true);
        TreeMap<String, CoreDictionary.Attribute> words = new TreeMap<>();
        for (String name : names) {
            if (name.length() > 1 && Script.containsHan(name)) {
                words.put(name, new CoreDictionary.Attribute(Nature.nz, 1));
            }
        }
        if (words.isEmpty()) {
            viterbi.enableCustomDictionary(false);
        } else {
            DoubleArrayTrie<CoreDictionary.Attribute> trie = new DoubleArrayTrie<>();
            trie.build(words);
            viterbi.enableCustomDictionary(new DynamicCustomDictionary(trie, null, null));
        }
        this.segment = viterbi;
    }

    /** The words of {@code text}, each as its start offset and text. */
    public List<Word> words(String text) {
        List<Term> terms = segment.seg(text);
        return terms.stream().map(term -> new Word(term.offset, term.word)).toList();
    }

    /** Offsets where a word starts or the text ends: the places a name may begin or end without cutting a word. */
    public BitSet boundaries(String text) {
        BitSet boundaries = new BitSet(text.length() + 1);
        for (Word word : words(text)) {
            boundaries.set(word.start());
            boundaries.set(word.end());
        }
        boundaries.set(0);
        boundaries.set(text.length());
        return boundaries;
    }

    public record Word(int start, String text) {
        public int end() {
            return start + text.length();
        }
    }
}
