package org.wenjin.retrieval.document;

import java.util.List;
import java.util.regex.Pattern;

/** Joins the lines of a paragraph the way a reader sees them. */
final class Prose {

    /** A space between two Chinese characters is a line-wrap artefact: Chinese writing uses none. */
    private static final Pattern SPACE_BETWEEN_HAN = Pattern.compile(
            "(?<=[\\p{IsHan}\\p{InCJK_Symbols_and_Punctuation}\\p{InHalfwidth_and_Fullwidth_Forms}])[ \\t]+"
                    + "(?=[\\p{IsHan}\\p{InCJK_Symbols_and_Punctuation}\\p{InHalfwidth_and_Fullwidth_Forms}])");
    private static final Pattern RUNS_OF_SPACE = Pattern.compile("[ \\t\\u00A0\\u3000]+");

    private Prose() {
    }

    /** Lines of one paragraph as one line: a space between English words, nothing between Chinese ones. */
    static String joinLines(List<String> lines) {
        return tidy(String.join(" ", lines));
    }

    /** Collapses runs of spaces and removes the spaces that wrapping put between Chinese characters. */
    static String tidy(String text) {
        String single = RUNS_OF_SPACE.matcher(text).replaceAll(" ").strip();
        return SPACE_BETWEEN_HAN.matcher(single).replaceAll("");
    }
}
