package org.wenjin.knowledge.text;

import java.util.Arrays;

/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980), as in
 * Porter's own reference implementation in C, including its two published departures from the paper:
 * step 2 maps "-bli" to "-ble" (not "-abli" to "-able") and adds "-logi" to "-log".
 *
 * <p>A word is read as {@code [C](VC)^m[V]}; {@code m} is the measure of a stem. Input must be lower case.
 */
public final class PorterStemmer {
    private char[] b;
    private int k;  // the end of the word being stemmed, inclusive
    private int j;  // the end of the stem left when the suffix being tested is removed

    private PorterStemmer(String word) {
        this.b = word.toCharArray();
        this.k = b.length - 1;
    }

    public static String stem(String word) {
        if (word.length() <= 2) {
            return word;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                return word;  // the algorithm is defined for English letters only
            }
        }
        PorterStemmer s = new PorterStemmer(word);
        s.step1ab();
        if (s.k > 0) {
            s.step1c();
            s.step2();
            s.step3();
            s.step4();
            s.step5();
        }
        return new String(s.b, 0, s.k + 1);
    }

    private boolean consonant(int i) {
        return switch (b[i]) {
            case 'a', 'e', 'i', 'o', 'u' -> false;
            case 'y' -> i == 0 || !consonant(i - 1);
            default -> true;
        };
    }

    /** The measure m of b[0..j]. */
    private int measure() {
        int n = 0;
        int i = 0;
        while (true) {
            if (i > j) {
                return n;
            }
            if (!consonant(i)) {
                break;
            }
            i++;
        }
        i++;
        while (true) {
            while (true) {
                if (i > j) {
                    return n;
                }
                if (consonant(i)) {
                    break;
                }
                i++;
            }
            i++;
            n++;
            while (true) {
                if (i > j) {
                    return n;
                }
                if (!consonant(i)) {
                    break;
                }
                i++;
            }
            i++;
        }
    }

    /** b[0..j] contains a vowel. */
    private boolean vowelInStem() {
        for (int i = 0; i <= j; i++) {
            if (!consonant(i)) {
                return true;
            }
        }
        return false;
    }

    /** b[i-1..i] is a double consonant. */
    private boolean doubleConsonant(int i) {
        return i >= 1 && b[i] == b[i - 1] && consonant(i);
    }

    /** b[i-2..i] is consonant-vowel-consonant and the last is not w, x or y (the paper's *o). */
    private boolean cvc(int i) {
        if (i < 2 || !consonant(i) || consonant(i - 1) || !consonant(i - 2)) {
            return false;
        }
        char c = b[i];
        return c != 'w' && c != 'x' && c != 'y';
    }

    private boolean ends(String s) {
        int length = s.length();
        int start = k - length + 1;
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != s.charAt(i)) {
                return false;
            }
        }
        j = k - length;
        return true;
    }

    /** Replaces b[j+1..k] with s. */
    private void setTo(String s) {
        int length = s.length();
        if (j + 1 + length > b.length) {
            b = Arrays.copyOf(b, j + 1 + length);
        }
        for (int i = 0; i < length; i++) {
            b[j + 1 + i] = s.charAt(i);
        }
        k = j + length;
    }

    private void replaceIfMeasured(String s) {
        if (measure() > 0) {
            setTo(s);
        }
    }

    /** Plurals and -ed or -ing: caresses → caress, ponies → poni, motoring → motor, hopping → hop. */
    private void step1ab() {
        if (b[k] == 's') {
            if (ends("sses")) {
                k -= 2;
            } else if (ends("ies")) {
                setTo("i");
            } else if (b[k - 1] != 's') {
                k--;
            }
        }
        if (ends("eed")) {
            if (measure() > 0) {
                k--;
            }
        } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
            k = j;
            if (ends("at")) {
                setTo("ate");
            } else if (ends("bl")) {
                setTo("ble");
            } else if (ends("iz")) {
                setTo("ize");
            } else if (doubleConsonant(k)) {
                k--;
                char c = b[k];
                if (c == 'l' || c == 's' || c == 'z') {
                    k++;
                }
            } else if (measure() == 1 && cvc(k)) {
                j = k;
                setTo("e");
            }
        }
    }

    /** Terminal y to i when the stem has another vowel: happy → happi, sky → sky. */
    private void step1c() {
        if (ends("y") && vowelInStem()) {
            b[k] = 'i';
        }
    }

    /** Double suffixes to single ones: relational → relate, digitizer → digitize. */
    private void step2() {
        if (k == 0) {
            return;
        }
        switch (b[k - 1]) {
            case 'a' -> {
                if (ends("ational")) {
                    replaceIfMeasured("ate");
                } else if (ends("tional")) {
                    replaceIfMeasured("tion");
                }
            }
            case 'c' -> {
                if (ends("enci")) {
                    replaceIfMeasured("ence");
                } else if (ends("anci")) {
                    replaceIfMeasured("ance");
                }
            }
            case 'e' -> {
                if (ends("izer")) {
                    replaceIfMeasured("ize");
                }
            }
            case 'l' -> {
                if (ends("bli")) {
                    replaceIfMeasured("ble");
                } else if (ends("alli")) {
                    replaceIfMeasured("al");
                } else if (ends("entli")) {
                    replaceIfMeasured("ent");
                } else if (ends("eli")) {
                    replaceIfMeasured("e");
                } else if (ends("ousli")) {
                    replaceIfMeasured("ous");
                }
            }
            case 'o' -> {
                if (ends("ization")) {
                    replaceIfMeasured("ize");
                } else if (ends("ation")) {
                    replaceIfMeasured("ate");
                } else if (ends("ator")) {
                    replaceIfMeasured("ate");
                }
            }
            case 's' -> {
                if (ends("alism")) {
                    replaceIfMeasured("al");
                } else if (ends("iveness")) {
                    replaceIfMeasured("ive");
                } else if (ends("fulness")) {
                    replaceIfMeasured("ful");
                } else if (ends("ousness")) {
                    replaceIfMeasured("ous");
                }
            }
            case 't' -> {
                if (ends("aliti")) {
                    replaceIfMeasured("al");
                } else if (ends("iviti")) {
                    replaceIfMeasured("ive");
                } else if (ends("biliti")) {
                    replaceIfMeasured("ble");
                }
            }
            case 'g' -> {
                if (ends("logi")) {
                    replaceIfMeasured("log");
                }
            }
            default -> {
            }
        }
    }

    /** -ic-, -full, -ness and the like: triplicate → triplic, hopeful → hope, goodness → good. */
    private void step3() {
        switch (b[k]) {
            case 'e' -> {
                if (ends("icate")) {
                    replaceIfMeasured("ic");
                } else if (ends("ative")) {
                    replaceIfMeasured("");
                } else if (ends("alize")) {
                    replaceIfMeasured("al");
                }
            }
            case 'i' -> {
                if (ends("iciti")) {
                    replaceIfMeasured("ic");
                }
            }
            case 'l' -> {
                if (ends("ical")) {
                    replaceIfMeasured("ic");
                } else if (ends("ful")) {
                    replaceIfMeasured("");
                }
            }
            case 's' -> {
                if (ends("ness")) {
                    replaceIfMeasured("");
                }
            }
            default -> {
            }
        }
    }

    /** -ant, -ence and the like when m > 1: revival → reviv, adjustment → adjust. */
    private void step4() {
        if (k == 0) {
            return;
        }
        boolean found = switch (b[k - 1]) {
            case 'a' -> ends("al");
            case 'c' -> ends("ance") || ends("ence");
            case 'e' -> ends("er");
            case 'i' -> ends("ic");
            case 'l' -> ends("able") || ends("ible");
            case 'n' -> ends("ant") || ends("ement") || ends("ment") || ends("ent");
            case 'o' -> (ends("ion") && j >= 0 && (b[j] == 's' || b[j] == 't')) || ends("ou");
            case 's' -> ends("ism");
            case 't' -> ends("ate") || ends("iti");
            case 'u' -> ends("ous");
            case 'v' -> ends("ive");
            case 'z' -> ends("ize");
            default -> false;
        };
        if (found && measure() > 1) {
            k = j;
        }
    }

    /** A final -e when m > 1 (or m = 1 and not *o), and -ll to -l when m > 1: probate → probat, controll → control. */
    private void step5() {
        j = k;
        if (b[k] == 'e') {
            int m = measure();
            if (m > 1 || (m == 1 && !cvc(k - 1))) {
                k--;
            }
        }
        if (b[k] == 'l' && doubleConsonant(k) && measure() > 1) {
            k--;
        }
    }
}
