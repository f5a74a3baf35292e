package org.wenjin.knowledge.text;

/**
 * The one normal form names and texts are compared in. It keeps every char in place (one char in, one char
 * out), so an offset in the folded text is the same offset in the original.
 */
public final class Folding {
    private Folding() {
    }

    public static String fold(CharSequence text) {
        char[] folded = new char[text.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = fold(text.charAt(i));
        }
        return new String(folded);
    }

    /** A transliterated name without its separating dots: 萨姆·奥尔特曼 as people often type it, 萨姆奥尔特曼. */
    public static String withoutNameDots(String name) {
        return name.replaceAll("[\u00B7\u30FB\u2022\u2027\uFF65\u2219]", "");
    }

    public static char fold(char c) {
        // Full-width ASCII (U+FF01..U+FF5E) as typed by Chinese input methods, e.g. "ＧＰＴ" for "GPT".
        if (c >= '\uFF01' && c <= '\uFF5E') {
            c = (char) (c - 0xFEE0);
        } else if (c == '\u3000') {
            c = ' ';
        } else if (c == '\u30FB' || c == '\u2022' || c == '\u2027' || c == '\uFF65' || c == '\u2219') {
            // The separator in transliterated names (萨姆·奥尔特曼) is typed with several look-alike dots.
            c = '\u00B7';
        }
        return Character.toLowerCase(c);
    }
}
