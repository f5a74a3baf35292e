package org.wenjin.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line terminal progress bar, redrawn in place with a carriage return: bytes with their rate and time left
 * (downloads), or steps with the caller's figures and time left (training).
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;

    ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    void update(long done, long total, double perSecond) {
        StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            bar(line, done, total).append(bytes(done)).append(" / ").append(bytes(total));
        } else {
            line.append(bytes(done));
        }
        line.append("  ").append(bytes((long) perSecond)).append("/s");
        if (total > 0 && perSecond > 0) {
            line.append("  ETA ").append(duration((long) ((total - done) / perSecond)));
        }
        out.print(line);
        out.flush();
    }

    /** Step {@code done} of {@code total}, then {@code figures} (loss, speed) and the time left, if known. */
    void steps(long done, long total, String figures, double secondsLeft) {
        StringBuilder line = bar(new StringBuilder("\r").append(label).append(' '), done, Math.max(1, total))
                .append(done).append('/').append(total).append("  ").append(figures);
        if (Double.isFinite(secondsLeft) && secondsLeft >= 0) {
            line.append("  ETA ").append(duration(Math.round(secondsLeft)));
        }
        out.print(line);
        out.flush();
    }

    private static StringBuilder bar(StringBuilder line, long done, long total) {
        int filled = (int) Math.min(WIDTH, WIDTH * done / total);
        return line.append('[').append("=".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%% ", 100 * done / total));
    }

    void finish() {
        out.println();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
