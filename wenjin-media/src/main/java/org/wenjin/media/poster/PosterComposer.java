package org.wenjin.media.poster;

import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import org.wenjin.media.MediaException;

/**
 * Places a {@link PosterSpec} on its canvas by its template: sizes text relative to the poster's width, breaks
 * it into lines with {@link LineBreaker}, and shrinks everything in steps until it fits.
 */
public final class PosterComposer {
    /** Anti-aliased with fractional metrics: how {@link PosterPainter} draws, so measured widths match drawn ones. */
    private static final FontRenderContext RENDERING = new FontRenderContext(new AffineTransform(), true, true);
    private static final int MAX_TITLE_LINES = 3;
    private static final double LINE_SPACING = 1.3;
    private static final double SHRINK = 0.9;
    private static final int SHRINK_STEPS = 6;

    private final String family;

    /** With the first installed Chinese font ({@link CjkFont#family()}). */
    public PosterComposer() {
        this(CjkFont.family());
    }

    public PosterComposer(String family) {
        this.family = family;
    }

    public PosterLayout compose(PosterSpec spec) {
        double scale = 1;
        for (int step = 0; step <= SHRINK_STEPS; step++, scale *= SHRINK) {
            PosterLayout layout = new Placement(spec, scale).place();
            if (layout != null) {
                return layout;
            }
        }
        throw new MediaException("poster: the text does not fit on a " + spec.width() + "×" + spec.height()
                + " poster even at " + Math.round(scale / SHRINK * 100) + "% size; shorten the title or the points");
    }

    /** The font family this composer sets text in. */
    public String fontFamily() {
        return family;
    }

    /** The widths of text in this composer's font at {@code size}, as drawn. */
    public LineBreaker lineBreaker(float size, boolean bold) {
        Font font = font(size, bold);
        return new LineBreaker(text -> font.getStringBounds(text, RENDERING).getWidth());
    }

    private Font font(float size, boolean bold) {
        return new Font(family, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
    }

    /** One attempt at placing the poster at one scale; {@link #place} gives null when it does not fit. */
    private final class Placement {
        private final PosterSpec spec;
        private final double scale;
        private final double margin;
        private final List<PosterLayout.Rect> shapes = new ArrayList<>();
        private final List<PosterLayout.TextLine> lines = new ArrayList<>();
        private final Color text;
        private final Color accent;
        private final Color background;

        Placement(PosterSpec spec, double scale) {
            this.spec = spec;
            this.scale = scale;
            this.margin = spec.width() * 0.08;
            this.text = spec.colors().textColor();
            this.accent = spec.colors().accentColor();
            this.background = spec.colors().backgroundColor();
        }

        PosterLayout place() {
            PosterLayout.Fill fill = background();
            double bottom = switch (spec.template()) {
                case CENTERED -> centered();
                case BANNER -> banner();
            };
            if (bottom > spec.height() - margin || lines.stream().filter(l -> l.role().equals("title")).count() > MAX_TITLE_LINES) {
                return null;
            }
            return new PosterLayout(spec.width(), spec.height(), family, fill, List.copyOf(shapes), List.copyOf(lines));
        }

        private PosterLayout.Fill background() {
            List<PosterLayout.Rect> grid = new ArrayList<>();
            PosterLayout.Fill fill = switch (spec.background()) {
                case SOLID -> new PosterLayout.Fill(background, background);
                case GRADIENT, IMAGE -> new PosterLayout.Fill(background, blend(background, Color.BLACK, 0.45));
                case GRID -> {
                    Color line = blend(background, accent, 0.18);
                    double step = spec.width() / 12.0;
                    for (double x = step; x < spec.width(); x += step) {
                        grid.add(new PosterLayout.Rect(x - 1, 0, 2, spec.height(), line));
                    }
                    for (double y = step; y < spec.height(); y += step) {
                        grid.add(new PosterLayout.Rect(0, y - 1, spec.width(), 2, line));
                    }
                    yield new PosterLayout.Fill(background, background);
                }
            };
            shapes.addAll(grid);
            return fill;
        }

        /** Returns the lowest y used above the date. */
        private double centered() {
            double contentWidth = spec.width() - 2 * margin;
            double y = spec.height() * 0.16;
            y = paragraph("title", spec.title(), size(0.085), true, text, margin, contentWidth, y, true);
            if (spec.subtitle() != null) {
                y = paragraph("subtitle", spec.subtitle(), size(0.042), false, blend(text, background, 0.2),
                        margin, contentWidth, y + size(0.02), true);
            }
            double rule = spec.width() * 0.16;
            y += size(0.03);
            shapes.add(new PosterLayout.Rect((spec.width() - rule) / 2, y, rule, Math.max(3, size(0.007)), accent));
            y += size(0.07);
            y = points(y, margin + spec.width() * 0.04, contentWidth - spec.width() * 0.04);
            date(spec.width() / 2.0, true);
            return y + dateHeight();
        }

        private double banner() {
            double contentWidth = spec.width() - 2 * margin;
            float titleSize = size(0.078);
            double top = margin * 1.2;
            double y = paragraph("title", spec.title(), titleSize, true, background, margin, contentWidth, top, false);
            double bandBottom = y + margin * 0.6;
            shapes.add(new PosterLayout.Rect(0, 0, spec.width(), bandBottom, accent));
            y = bandBottom + size(0.05);
            if (spec.subtitle() != null) {
                y = paragraph("subtitle", spec.subtitle(), size(0.044), true, text, margin, contentWidth, y, false);
                y += size(0.03);
            }
            shapes.add(new PosterLayout.Rect(margin, y, spec.width() * 0.1, Math.max(3, size(0.006)), accent));
            y += size(0.06);
            y = points(y, margin + spec.width() * 0.04, contentWidth - spec.width() * 0.04);
            date(spec.width() - margin, false);
            return y + dateHeight();
        }

        private double points(double y, double x, double width) {
            float size = size(0.036);
            for (String point : spec.points()) {
                double square = size * 0.32;
                shapes.add(new PosterLayout.Rect(x - size * 0.85, y + size * 0.42, square, square, accent));
                y = paragraph("point", point, size, false, text, x, width, y, false) + size * 0.45;
            }
            return y;
        }

        private void date(double anchorX, boolean centre) {
            if (spec.date() == null) {
                return;
            }
            float size = size(0.032);
            double lineWidth = font(size, false).getStringBounds(spec.date(), RENDERING).getWidth();
            double x = centre ? anchorX - lineWidth / 2 : anchorX - lineWidth;
            lines.add(new PosterLayout.TextLine("date", spec.date(), x, spec.height() - margin, size, false,
                    blend(text, background, 0.15)));
        }

        private double dateHeight() {
            return spec.date() == null ? 0 : size(0.032) * 2;
        }

        /** Lays out one paragraph from {@code top}, returning the y below its last line. */
        private double paragraph(String role, String content, float size, boolean bold, Color color, double left,
                                 double width, double top, boolean centre) {
            Font font = font(size, bold);
            double y = top;
            for (String line : lineBreaker(size, bold).lines(content, width)) {
                double lineWidth = font.getStringBounds(line, RENDERING).getWidth();
                double x = centre ? left + (width - lineWidth) / 2 : left;
                double ascent = font.getLineMetrics(line, RENDERING).getAscent();
                lines.add(new PosterLayout.TextLine(role, line, x, y + ascent * 0.9, size, bold, color));
                y += size * LINE_SPACING;
            }
            return y;
        }

        private float size(double fractionOfWidth) {
            return (float) (spec.width() * fractionOfWidth * scale);
        }
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
                (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
                (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
    }
}
