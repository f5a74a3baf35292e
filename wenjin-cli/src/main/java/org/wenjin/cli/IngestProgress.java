package org.wenjin.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.wenjin.retrieval.IngestEvent;
import org.wenjin.retrieval.IngestListener;

/**
 * The progress of {@code wenjin ingest} on one line of standard error, redrawn in place: a bar over the
 * files, the chunks written so far and the rate in chunks per second.
 */
final class IngestProgress implements IngestListener {
    private static final int WIDTH = 30;
    /** Redraw at most ten times a second: a folder of small files would otherwise flood a slow terminal. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private int total;
    private int done;
    private int indexed;
    private int unchanged;
    private int skipped;
    private long chunks;

    IngestProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onStart(int files) {
        total = files;
        draw(true);
    }

    @Override
    public void onSource(IngestEvent event) {
        switch (event.kind()) {
            case INDEXED -> {
                done++;
                indexed++;
                chunks += event.chunks();
            }
            case UNCHANGED -> {
                done++;
                unchanged++;
            }
            case SKIPPED -> {
                done++;
                skipped++;
            }
            case REMOVED -> {
                // a file gone from a folder: not one of the files counted at the start
            }
        }
        draw(false);
    }

    void finish() {
        draw(true);
        err.println();
        err.flush();
    }

    private void draw(boolean always) {
        long now = System.nanoTime();
        if (!always && now - lastDrawn < REDRAW_NANOS && done < total) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        String line = String.format(Locale.ROOT, "\ringest [%s%s] %d/%d files  %d chunks  %.1f chunks/s",
                "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, chunks, chunks / seconds);
        if (unchanged > 0) {
            line += "  " + unchanged + " unchanged";
        }
        if (skipped > 0) {
            line += "  " + skipped + " skipped";
        }
        err.print(line);
        err.flush();
    }

    int indexed() {
        return indexed;
    }
}
