package org.wenjin.knowledge.text;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The terms two short texts are compared by, such as a question and a predicate's label: overlapping
 * character bigrams for Chinese (a run of one character is its own term), and Porter stems of the words
 * that carry meaning for English and other space-separated scripts.
 *
 * <p>Character bigrams need no dictionary and match a predicate label to a question that phrases it
 * differently ("总部" in "总部在哪里" and "总部所在地"); they are the usual baseline for Chinese retrieval.
 */
public final class Terms {
    /** Function words of English questions; they would otherwise match half of all predicate labels. */
    private static final Set<String> ENGLISH_STOP_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "by", "to", "for", "from", "with", "and", "or", "as", "into",
            "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "has", "have", "had",
            "what", "who", "whom", "whose", "which", "when", "where", "why", "how",
            "it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "his", "her",
            "i", "me", "my", "you", "your", "we", "our", "us",
            "tell", "please", "about", "can", "could", "would", "should", "will", "any", "some", "s");

    private Terms() {
    }

    public static Set<String> of(CharSequence text) {
        Set<String> terms = new LinkedHashSet<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Script.isHan(c)) {
                int end = i;
                while (end < n && Script.isHan(text.charAt(end))) {
                    end++;
                }
                addBigrams(text, i, end, terms);
                i = end;
            } else if (Script.isWordChar(c)) {
                int end = i;
                while (end < n && Script.isWordChar(text.charAt(end))) {
                    end++;
                }
                String word = Folding.fold(text.subSequence(i, end));
                if (!ENGLISH_STOP_WORDS.contains(word)) {
                    terms.add(PorterStemmer.stem(word));
                }
                i = end;
            } else {
                i++;
            }
        }
        return terms;
    }

    private static void addBigrams(CharSequence text, int start, int end, Set<String> terms) {
        if (end - start == 1) {
            terms.add(String.valueOf(text.charAt(start)));
            return;
        }
        for (int i = start; i + 1 < end; i++) {
            terms.add(text.subSequence(i, i + 2).toString());
        }
    }

    /** The share of {@code label}'s terms that occur in {@code text}'s terms, from 0 to 1. */
    public static double coverage(Set<String> label, Set<String> text) {
        if (label.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String term : label) {
            if (text.contains(term)) {
                shared++;
            }
        }
        return (double) shared / label.size();
    }
}
