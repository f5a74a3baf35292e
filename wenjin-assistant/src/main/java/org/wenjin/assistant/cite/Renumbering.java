package org.wenjin.assistant.cite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wenjin.assistant.Citation;

/**
 * Numbers the sources an answer cites 1, 2, 3… in the order the reader meets them, rewriting the answer's
 * markers to match. Used for extractive answers, where no prompt fixed the numbers.
 */
public final class Renumbering {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");

    /** The pieces with their markers rewritten, and the cited sources under their new numbers. */
    public record Result(List<String> pieces, List<Citation> citations) {
        public String text() {
            return String.join("", pieces);
        }
    }

    /** Renumbers across all pieces at once, so a source keeps one number throughout the answer. */
    public Result apply(List<String> pieces, List<Citation> cited) {
        Map<Integer, Citation> byNumber = new HashMap<>();
        cited.forEach(c -> byNumber.put(c.number(), c));
        Map<Integer, Integer> renumbered = new HashMap<>();
        List<Citation> ordered = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        for (String piece : pieces) {
            rewritten.add(rewrite(piece, byNumber, renumbered, ordered));
        }
        return new Result(List.copyOf(rewritten), List.copyOf(ordered));
    }

    private static String rewrite(String text, Map<Integer, Citation> byNumber, Map<Integer, Integer> renumbered,
                                  List<Citation> ordered) {
        Matcher matcher = MARKER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int old = Integer.parseInt(matcher.group(1));
            Citation citation = byNumber.get(old);
            if (citation == null) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            int number = renumbered.computeIfAbsent(old, o -> {
                int next = ordered.size() + 1;
                ordered.add(new Citation(next, citation.kind(), citation.sourceId(), citation.source(),
                        citation.title(), citation.text()));
                return next;
            });
            matcher.appendReplacement(out, "[" + number + "]");
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
