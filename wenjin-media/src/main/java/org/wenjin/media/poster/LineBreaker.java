package org.wenjin.media.poster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Greedy line breaking for Chinese mixed with Latin text, keeping the line-edge rules of Chinese typesetting
 * (W3C "Requirements for Chinese Text Layout", §3.1.7, and GB/T 15834 on punctuation): no line starts with
 * closing punctuation such as 。，、；：？！」）, and no line ends with opening punctuation such as 「（《.
 * A line may break between any two Han characters, and in Latin text at spaces; closing punctuation is glued
 * to the character before it and opening punctuation to the character after it, so no break can separate them.
 */
public final class LineBreaker {
    /** Characters that may not begin a line. */
    public static final String NO_LINE_START = "。，、；：？！）」』】》〉〕〗〙〛”’…‥—～·・%‰℃,.;:?!)]}›»";
    /** Characters that may not end a line. */
    public static final String NO_LINE_END = "（「『【《〈〔〖〘〚“‘([{‹«";

    private final ToDoubleFunction<String> width;

    /** @param width the width of a piece of text as it will be drawn */
    public LineBreaker(ToDoubleFunction<String> width) {
        this.width = width;
    }

    /** The lines of {@code text}, each no wider than {@code maxWidth} unless one unbreakable unit is wider by itself. */
    public List<String> lines(String text, double maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\\R")) {
            breakParagraph(paragraph.strip(), maxWidth, lines);
        }
        return lines;
    }

    private void breakParagraph(String paragraph, double maxWidth, List<String> lines) {
        StringBuilder line = new StringBuilder();
        for (String unit : units(paragraph)) {
            String candidate = line + unit;
            if (line.isEmpty() || width.applyAsDouble(candidate.stripTrailing()) <= maxWidth) {
                line.append(unit);
                continue;
            }
            lines.add(line.toString().strip());
            line.setLength(0);
            line.append(unit.stripLeading());
        }
        if (!line.toString().isBlank()) {
            lines.add(line.toString().strip());
        }
    }

    /** The unbreakable pieces of a paragraph, in order; concatenated they give the paragraph back. */
    static List<String> units(String paragraph) {
        List<String> units = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        int i = 0;
        while (i < paragraph.length()) {
            int c = paragraph.codePointAt(i);
            boolean breakBefore = !unit.isEmpty() && breakAllowed(unit, c);
            if (breakBefore) {
                units.add(unit.toString());
                unit.setLength(0);
            }
            unit.appendCodePoint(c);
            i += Character.charCount(c);
        }
        if (!unit.isEmpty()) {
            units.add(unit.toString());
        }
        return units;
    }

    private static boolean breakAllowed(CharSequence before, int next) {
        int previous = Character.codePointBefore(before, before.length());
        if (NO_LINE_START.indexOf(next) >= 0 || NO_LINE_END.indexOf(previous) >= 0) {
            return false;
        }
        if (Character.isWhitespace(next)) {
            return false;
        }
        if (Character.isWhitespace(previous)) {
            return true;
        }
        // Between Han (or other ideographic) characters, and at a change between Han and Latin.
        return ideographic(previous) || ideographic(next) || NO_LINE_START.indexOf(previous) >= 0 && !latinWord(next);
    }

    private static boolean latinWord(int c) {
        return Character.isLetterOrDigit(c) && !ideographic(c);
    }

    private static boolean ideographic(int c) {
        return Character.isIdeographic(c)
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
