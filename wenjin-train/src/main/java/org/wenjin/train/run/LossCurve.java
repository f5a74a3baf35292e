package org.wenjin.train.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The loss curve of a run as an SVG picture: training loss per step (thin) and its moving average, held-out loss
 * at each evaluation (dots joined), with labelled axes. Plain SVG 1.1 that any browser shows.
 */
public final class LossCurve {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 48;

    private LossCurve() {
    }

    public static void write(List<StepMetrics> steps, String title, Path file) throws IOException {
        Files.writeString(file, svg(steps, title), StandardCharsets.UTF_8);
    }

    static String svg(List<StepMetrics> steps, String title) {
        double maxStep = Math.max(1, steps.stream().mapToInt(StepMetrics::step).max().orElse(1));
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (StepMetrics s : steps) {
            for (double v : new double[] {s.loss(), s.evalLoss()}) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (!Double.isFinite(low)) {
            low = 0;
            high = 1;
        }
        if (high - low < 1e-6) {
            high = low + 1;
        }
        double pad = (high - low) * 0.05;
        Axes axes = new Axes(maxStep, low - pad, high + pad);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 5; i++) {
            double value = axes.low + (axes.high - axes.low) * i / 5;
            double y = axes.y(value);
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>%n",
                    LEFT - 6, y + 4, value));
            double step = maxStep * i / 5;
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
                    axes.x(step), HEIGHT - BOTTOM + 16, step));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10));
        out.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">loss (nats per token)</text>%n", HEIGHT / 2, HEIGHT / 2));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        out.append(polyline(steps, axes, false, 1, "#9ecae1", 1.0));
        out.append(polyline(steps, axes, false, Math.max(1, steps.size() / 20), "#08519c", 2.0));
        out.append(polyline(steps, axes, true, 1, "#d94801", 2.0));
        for (StepMetrics s : steps) {
            if (Double.isFinite(s.evalLoss())) {
                out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#d94801\"/>%n",
                        axes.x(s.step()), axes.y(s.evalLoss())));
            }
        }
        int legend = WIDTH - RIGHT - 190;
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#08519c\" "
                + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">training (moving average)</text>%n",
                legend, TOP + 14, legend + 20, TOP + 14, legend + 26, TOP + 18));
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d94801\" "
                + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">held out</text>%n",
                legend, TOP + 32, legend + 20, TOP + 32, legend + 26, TOP + 36));
        out.append("</svg>\n");
        return out.toString();
    }

    /** The training loss (averaged over a window of {@code window} steps) or the held-out points. */
    private static String polyline(List<StepMetrics> steps, Axes axes, boolean held, int window, String colour,
                                   double width) {
        StringBuilder points = new StringBuilder();
        double sum = 0;
        java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
        for (StepMetrics s : steps) {
            double v = held ? s.evalLoss() : s.loss();
            if (!Double.isFinite(v)) {
                continue;
            }
            if (!held) {
                recent.addLast(v);
                sum += v;
                if (recent.size() > window) {
                    sum -= recent.removeFirst();
                }
                v = sum / recent.size();
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(s.step()), axes.y(v)));
        }
        if (points.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"%s\"/>%n",
                colour, width, points.toString().trim());
    }

    private record Axes(double maxStep, double low, double high) {
        double x(double step) {
            return LEFT + step / maxStep * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
