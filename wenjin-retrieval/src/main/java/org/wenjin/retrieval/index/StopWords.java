package org.wenjin.retrieval.index;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * Words left out of both body fields. Questions are full of words that say what kind of answer is
 * wanted ("what is", "是什么", "how does") but not what it is about. Left in, they match a passage
 * that happens to say "what users want" rather than the one about the topic, and a question made
 * only of them would look like a good match for everything.
 */
final class StopWords {

    /** Question words, pronouns and auxiliaries that Lucene's English stop set (33 words) lacks. */
    private static final List<String> ENGLISH_QUESTION_WORDS = List.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "do", "does", "did", "done",
            "can", "could", "would", "should", "may", "might", "must", "shall", "has", "have", "had", "been",
            "being", "am", "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
            "its", "them", "tell", "about", "from", "than", "so", "some", "any", "please", "explain", "describe");

    /**
     * Chinese function words and question words, as SmartChineseAnalyzer segments them. Content words
     * such as 模型 or 参数 are never here, however frequent: idf already weighs them.
     */
    private static final List<String> CHINESE_WORDS = List.of(
            "的", "了", "是", "在", "和", "与", "及", "或", "也", "都", "就", "而", "吗", "呢", "吧", "啊", "呀",
            "么", "什么", "怎么", "怎样", "怎么样", "如何", "为什么", "为何", "哪", "哪些", "哪个", "哪里", "谁",
            "多少", "这", "那", "这个", "那个", "这些", "那些", "被", "把", "对", "从", "向", "给", "之", "其",
            "所", "于", "着", "过", "得", "地", "请", "我", "你", "他", "她", "它", "我们", "你们", "他们", "吗",
            "介绍", "一下", "告诉");

    /** The single characters of those words that the English field, which indexes Chinese by character, drops. */
    private static final List<String> CHINESE_CHARACTERS = List.of(
            "的", "了", "是", "在", "吗", "呢", "吧", "啊", "呀", "么", "什", "怎", "哪", "谁", "这", "那", "请",
            "我", "你", "他", "她", "它", "们");

    private StopWords() {
    }

    /** For SmartChineseAnalyzer: its punctuation, English and Chinese function words. */
    static CharArraySet chinese() {
        List<Object> words = new ArrayList<>(SmartChineseAnalyzer.getDefaultStopSet());
        words.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        words.addAll(ENGLISH_QUESTION_WORDS);
        words.addAll(CHINESE_WORDS);
        return CharArraySet.unmodifiableSet(new CharArraySet(words, false));
    }

    /** For EnglishAnalyzer: Lucene's English stop words, question words and Chinese function characters. */
    static CharArraySet english() {
        List<Object> words = new ArrayList<>(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        words.addAll(ENGLISH_QUESTION_WORDS);
        words.addAll(CHINESE_CHARACTERS);
        return CharArraySet.unmodifiableSet(new CharArraySet(words, false));
    }
}
