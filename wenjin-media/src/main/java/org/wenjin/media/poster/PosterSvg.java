package org.wenjin.media.poster;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes a {@link PosterLayout} as SVG 1.1 with the text kept as text (selectable, searchable, and sharp at any
 * size); the font is named by family, so a viewer without it falls back to its own sans-serif Chinese font.
 */
public final class PosterSvg {
    private PosterSvg() {
    }

    public static String write(PosterLayout layout) {
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                        layout.width(), layout.height(), layout.width(), layout.height()))
                .append("<defs><linearGradient id=\"background\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">")
                .append("<stop offset=\"0\" stop-color=\"").append(hex(layout.background().from())).append("\"/>")
                .append("<stop offset=\"1\" stop-color=\"").append(hex(layout.background().to())).append("\"/>")
                .append("</linearGradient></defs>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"url(#background)\"/>\n");
        if (layout.picture() != null) {
            svg.append("<image x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" preserveAspectRatio=\"xMidYMid slice\" xlink:href=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(layout.picture()))).append("\"/>\n")
                    .append(String.format(Locale.ROOT, "<rect width=\"100%%\" height=\"100%%\" fill=\"url(#background)\" fill-opacity=\"%.2f\"/>%n",
                            PosterLayout.VEIL));
        }
        for (PosterLayout.Rect rect : layout.shapes()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                    rect.x(), rect.y(), rect.width(), rect.height(), hex(rect.color())));
        }
        String family = escape(layout.fontFamily());
        for (PosterLayout.TextLine line : layout.lines()) {
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-family=\"'%s', sans-serif\" font-size=\"%.1f\" font-weight=\"%s\" fill=\"%s\" xml:space=\"preserve\">%s</text>%n",
                    line.role(), line.x(), line.baseline(), family, line.size(), line.bold() ? "bold" : "normal",
                    hex(line.color()), escape(line.text())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static byte[] png(BufferedImage picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String hex(Color color) {
        return String.format(Locale.ROOT, "#%02X%02X%02X", color.getRed(), color.getGreen(), color.getBlue());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
