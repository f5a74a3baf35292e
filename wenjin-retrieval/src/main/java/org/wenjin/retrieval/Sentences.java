package org.wenjin.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits Chinese, English and mixed text into sentences.
 *
 * <p>A Chinese sentence ends at 。！？；or … (any run of them), with the closing quotes or brackets
 * that follow. Chinese writing puts no space after these marks, so they always end a sentence. An
 * English sentence ends at . ! or ? followed by white space and then something other than a lower-case
 * letter; a period also ends a sentence when Chinese text follows it directly. A period does not end a
 * sentence inside a number (3.5), after an abbreviation with inner periods (e.g., i.e., U.S.), after a
 * single-letter initial (J. Smith) or after a common title or reference abbreviation (Dr., Fig., No.).
 * A blank line always ends a sentence.
 */
public final class Sentences {

    /** A sentence as a half-open range of character offsets into the text it came from. */
    public record Span(int start, int end) {
    }

    /** Closing marks that belong to the sentence they follow: 他说：“好。” */
    private static final String CLOSERS = "”’」』）)]】》\"'";

    /** Abbreviations with no inner period that English text rarely ends a sentence with. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "cf", "fig", "figs", "eq", "no", "nos",
            "vol", "pp", "al", "approx", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec");

    private Sentences() {
    }

    /** The sentences of {@code text} in order, each stripped of surrounding white space; never empty strings. */
    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        for (Span span : spans(text)) {
            sentences.add(text.substring(span.start(), span.end()));
        }
        return sentences;
    }

    /**
     * The sentences of {@code text} as offsets, so a caller can cut the original text between them
     * without changing a character. Spans exclude surrounding white space and cover every other character.
     */
    public static List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' && isParagraphBreak(text, i)) {
                add(spans, text, start, i);
                start = i + 1;
                i++;
                continue;
            }
            if (!isChineseEnd(c) && c != '.' && c != '!' && c != '?') {
                i++;
                continue;
            }
            int end = i + 1;
            boolean chinese = isChineseEnd(c);
            while (end < n && (isChineseEnd(text.charAt(end)) || ".!?".indexOf(text.charAt(end)) >= 0)) {
                chinese |= isChineseEnd(text.charAt(end));
                end++;
            }
            while (end < n && CLOSERS.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            if (chinese || endsEnglishSentence(text, i, end)) {
                add(spans, text, start, end);
                start = end;
            }
            i = end;
        }
        add(spans, text, start, n);
        return spans;
    }

    /** Whether the English mark at {@code mark} (its run and closers ending at {@code end}) ends a sentence. */
    private static boolean endsEnglishSentence(String text, int mark, int end) {
        int n = text.length();
        if (end == n) {
            return true;
        }
        char after = text.charAt(end);
        boolean period = text.charAt(mark) == '.' && end == mark + 1;
        if (isCjk(after)) {
            // "它叫 Transformer.后来" ends a sentence; a list number such as "1.中文" does not.
            return !(period && precedingWord(text, mark).chars().allMatch(Character::isDigit));
        }
        if (!Character.isWhitespace(after)) {
            return false; // 3.5, example.com, e.g.,
        }
        int next = end;
        while (next < n && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        if (next == n) {
            return true;
        }
        if (Character.isLowerCase(text.charAt(next))) {
            return false; // "e.g. the", "Yahoo! is"
        }
        return !(period && isAbbreviation(precedingWord(text, mark)));
    }

    private static boolean isAbbreviation(String word) {
        if (word.isEmpty()) {
            return false;
        }
        if (word.indexOf('.') >= 0) {
            return true; // e.g, i.e, U.S, a.m
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
            return true; // an initial
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** The letters, digits and inner periods just before {@code mark}: "e.g" for "e.g.", "Dr" for "Dr.". */
    private static String precedingWord(String text, int mark) {
        int from = mark;
        while (from > 0 && (Character.isLetterOrDigit(text.charAt(from - 1)) || text.charAt(from - 1) == '.')
                && !isCjk(text.charAt(from - 1))) {
            from--;
        }
        return text.substring(from, mark);
    }

    private static boolean isParagraphBreak(String text, int newline) {
        for (int j = newline + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return false;
    }

    private static void add(List<Span> spans, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            spans.add(new Span(start, end));
        }
    }

    private static boolean isChineseEnd(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '…';
    }

    private static boolean isCjk(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
