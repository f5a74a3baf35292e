package org.wenjin.cli;

import java.io.PrintWriter;
import java.util.List;
import org.wenjin.assistant.Citation;

/** Prints an answer's sources under it, one numbered line each, as a terminal reader wants them. */
final class Citations {
    private static final int PREVIEW = 80;

    private Citations() {
    }

    static void print(List<Citation> citations, PrintWriter out) {
        if (citations.isEmpty()) {
            return;
        }
        out.println();
        for (Citation c : citations) {
            String text = c.text().strip().replaceAll("\\s+", " ");
            String preview = text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text;
            out.printf("[%d] %s — %s%n", c.number(), c.kind().equals("fact") ? "fact (" + c.source() + ")" : c.title() + " (" + c.source() + ")", preview);
        }
        out.flush();
    }
}
