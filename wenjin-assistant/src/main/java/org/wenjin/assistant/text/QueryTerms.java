package org.wenjin.assistant.text;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The terms a sentence is matched on: Latin words (lower-cased, a plural 's' dropped, stop words out) and,
 * since Chinese has no spaces, overlapping character bigrams of each run of Han characters — the usual
 * segmentation-free unit for Chinese matching.
 */
public final class QueryTerms {
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "is", "are", "was",
            "were", "be", "been", "it", "its", "this", "that", "what", "which", "who", "whom", "when", "where",
            "why", "how", "do", "does", "did", "can", "could", "about", "tell", "me", "you", "your", "i", "from",
            "as", "there", "their", "they", "he", "she", "his", "her");
    private static final Set<String> CHINESE_STOP_BIGRAMS = Set.of(
            "什么", "是什", "么是", "哪里", "哪个", "哪些", "怎么", "如何", "为什", "么样", "是谁", "一下", "请问", "介绍");

    private QueryTerms() {
    }

    public static Set<String> of(String text) {
        Set<String> terms = new HashSet<>();
        StringBuilder word = new StringBuilder();
        StringBuilder han = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                flushWord(word, terms);
                han.appendCodePoint(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                flushHan(han, terms);
                word.appendCodePoint(Character.toLowerCase(cp));
            } else {
                flushWord(word, terms);
                flushHan(han, terms);
            }
        });
        flushWord(word, terms);
        flushHan(han, terms);
        return terms;
    }

    private static void flushWord(StringBuilder word, Set<String> terms) {
        if (!word.isEmpty()) {
            String w = word.toString().toLowerCase(Locale.ROOT);
            if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
                w = w.substring(0, w.length() - 1);
            }
            if (!STOP_WORDS.contains(w)) {
                terms.add(w);
            }
            word.setLength(0);
        }
    }

    private static void flushHan(StringBuilder han, Set<String> terms) {
        if (han.length() == 1) {
            terms.add(han.toString());
        }
        for (int i = 0; i + 2 <= han.length(); i++) {
            String bigram = han.substring(i, i + 2);
            if (!CHINESE_STOP_BIGRAMS.contains(bigram)) {
                terms.add(bigram);
            }
        }
        han.setLength(0);
    }
}
