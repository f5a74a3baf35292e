package org.wenjin.llm.generate;

import java.util.List;

/**
 * Watches streamed text for stop strings. Text that could still turn out to be the start of a stop string
 * is held back until later text rules that out, so a caller forwarding what {@link #append} releases never
 * shows a partial stop string; when one is found, the text before it is released and the rest dropped.
 */
public final class StopStrings {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private String matched;

    public StopStrings(List<String> stops) {
        for (String stop : stops) {
            if (stop == null || stop.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty: " + stops);
            }
        }
        this.stops = List.copyOf(stops);
    }

    /** Adds newly decoded text and returns the part of the text that can now be shown (maybe empty). */
    public String append(String text) {
        if (matched != null) {
            return "";
        }
        pending.append(text);
        int earliest = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
                matched = stop;
            }
        }
        if (earliest >= 0) {
            String released = pending.substring(0, earliest);
            pending.setLength(0);
            return released;
        }
        int release = pending.length() - heldBack();
        String released = pending.substring(0, release);
        pending.delete(0, release);
        return released;
    }

    /** The stop string that was found, or null while none has been. */
    public String matched() {
        return matched;
    }

    public boolean isStopped() {
        return matched != null;
    }

    /** Ends the stream: returns the text still held back (none if a stop string was found). */
    public String flush() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    /** Length of the longest suffix of the pending text that is a proper prefix of some stop string. */
    private int heldBack() {
        int longest = 0;
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, pending.length());
            for (int length = max; length > longest; length--) {
                if (endsWithPrefix(stop, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWithPrefix(String stop, int length) {
        int from = pending.length() - length;
        for (int i = 0; i < length; i++) {
            if (pending.charAt(from + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
