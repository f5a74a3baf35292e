package org.wenjin.media.poster;

import java.awt.AlphaComposite;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Draws a {@link PosterLayout} with Java2D, headless, and writes it as PNG. */
public final class PosterPainter {
    private PosterPainter() {
    }

    public static BufferedImage paint(PosterLayout layout) {
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setPaint(new GradientPaint(0, 0, layout.background().from(), 0, layout.height(), layout.background().to()));
            g.fillRect(0, 0, layout.width(), layout.height());
            if (layout.picture() != null) {
                drawCovering(g, layout.picture(), layout.width(), layout.height());
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, PosterLayout.VEIL));
                g.setPaint(new GradientPaint(0, 0, layout.background().from(), 0, layout.height(), layout.background().to()));
                g.fillRect(0, 0, layout.width(), layout.height());
                g.setComposite(AlphaComposite.SrcOver);
            }
            for (PosterLayout.Rect rect : layout.shapes()) {
                g.setColor(rect.color());
                g.fill(new Rectangle2D.Double(rect.x(), rect.y(), rect.width(), rect.height()));
            }
            for (PosterLayout.TextLine line : layout.lines()) {
                g.setFont(new Font(layout.fontFamily(), line.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont(line.size()));
                g.setColor(line.color());
                g.drawString(line.text(), (float) line.x(), (float) line.baseline());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Scales the picture to cover the canvas, keeping its proportions, and crops what overhangs equally on both sides. */
    private static void drawCovering(Graphics2D g, BufferedImage picture, int width, int height) {
        double scale = Math.max((double) width / picture.getWidth(), (double) height / picture.getHeight());
        int drawnWidth = (int) Math.ceil(picture.getWidth() * scale);
        int drawnHeight = (int) Math.ceil(picture.getHeight() * scale);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, (width - drawnWidth) / 2, (height - drawnHeight) / 2, drawnWidth, drawnHeight, null);
    }

    public static void writePng(PosterLayout layout, OutputStream out) throws IOException {
        ImageIO.write(paint(layout), "png", out);
    }

    public static void writePng(PosterLayout layout, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(layout, out);
        }
    }
}
