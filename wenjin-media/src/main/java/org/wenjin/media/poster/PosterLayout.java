package org.wenjin.media.poster;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A poster placed on its canvas: everything the PNG and the SVG renderer draw, in drawing order, so the two
 * formats show the same thing.
 *
 * @param picture a generated picture drawn over the whole canvas under a veil of the background, or null
 */
public record PosterLayout(int width, int height, String fontFamily, Fill background, List<Rect> shapes,
                           List<TextLine> lines, BufferedImage picture) {
    /** How much of the background colour lies over a picture: enough for white text to read on any picture. */
    public static final float VEIL = 0.55f;

    public PosterLayout(int width, int height, String fontFamily, Fill background, List<Rect> shapes, List<TextLine> lines) {
        this(width, height, fontFamily, background, shapes, lines, null);
    }

    public PosterLayout withPicture(BufferedImage value) {
        return new PosterLayout(width, height, fontFamily, background, shapes, lines, value);
    }

    /** The background: {@code from} at the top, {@code to} at the bottom (equal for a flat colour). */
    public record Fill(Color from, Color to) {
    }

    public record Rect(double x, double y, double width, double height, Color color) {
    }

    /**
     * One line of text.
     *
     * @param role     which part of the poster it shows: title, subtitle, point, date
     * @param x        the left edge of the text
     * @param baseline the y of the baseline
     */
    public record TextLine(String role, String text, double x, double baseline, float size, boolean bold,
                           Color color) {
    }

    public List<TextLine> linesOf(String role) {
        return lines.stream().filter(line -> line.role().equals(role)).toList();
    }
}
