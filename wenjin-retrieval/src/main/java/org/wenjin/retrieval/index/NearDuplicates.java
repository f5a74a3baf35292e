package org.wenjin.retrieval.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises passages that say nearly the same thing as one already kept: the same file indexed
 * under two paths, a paragraph copied between documents, a page saved as both HTML and Markdown.
 *
 * <p>Two texts are near duplicates when the Jaccard similarity of their sets of character 4-grams
 * (over lower-cased letters, digits and CJK characters, ignoring spaces and punctuation) reaches the
 * threshold (Broder, "On the resemblance and containment of documents", 1997, uses word shingles;
 * character shingles work for Chinese, which has no spaces).
 */
public final class NearDuplicates {

    /** Passages that share 80% of their shingles differ by a few words at most. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    static final int SHINGLE = 4;

    private final double threshold;
    private final List<Set<String>> kept = new ArrayList<>();

    public NearDuplicates() {
        this(DEFAULT_THRESHOLD);
    }

    public NearDuplicates(double threshold) {
        this.threshold = threshold;
    }

    /** Keeps {@code text} and returns true, unless it is a near duplicate of a text kept before. */
    public boolean keep(String text) {
        Set<String> shingles = shingles(text);
        for (Set<String> other : kept) {
            if (jaccard(shingles, other) >= threshold) {
                return false;
            }
        }
        kept.add(shingles);
        return true;
    }

    static Set<String> shingles(String text) {
        StringBuilder normal = new StringBuilder(text.length());
        text.toLowerCase(Locale.ROOT).codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(normal::appendCodePoint);
        Set<String> shingles = new HashSet<>();
        if (normal.length() <= SHINGLE) {
            shingles.add(normal.toString());
            return shingles;
        }
        for (int i = 0; i + SHINGLE <= normal.length(); i++) {
            shingles.add(normal.substring(i, i + SHINGLE));
        }
        return shingles;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> smaller = a.size() <= b.size() ? a : b;
        Set<String> larger = smaller == a ? b : a;
        int common = 0;
        for (String s : smaller) {
            if (larger.contains(s)) {
                common++;
            }
        }
        return common / (double) (a.size() + b.size() - common);
    }
}
