package org.wenjin.knowledge.text;

/** Which writing system a character belongs to, as far as matching names and splitting terms need. */
public final class Script {
    private Script() {
    }

    /** Han ideographs (Chinese characters), including the extension blocks reachable as single chars. */
    public static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && Character.isLetter(c);
    }

    /** A letter or digit of a script that separates words with spaces, where a name must not run into its neighbours. */
    public static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && !isHan(c);
    }

    public static boolean containsHan(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (isHan(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
