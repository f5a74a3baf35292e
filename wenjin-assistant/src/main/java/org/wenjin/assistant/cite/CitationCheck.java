package org.wenjin.assistant.cite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.wenjin.assistant.Citation;

/**
 * Holds an answer's {@code [n]} markers against the sources the model was actually given. A marker with no
 * such source is invented: it is removed from the text and reported, so no answer points at nothing.
 */
public final class CitationCheck {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");

    /** The answer with only real markers left, the sources it cites in order of first use, and the invented numbers. */
    public record Result(String text, List<Citation> cited, List<Integer> invented) {
    }

    public Result check(String answer, List<Citation> given) {
        Map<Integer, Citation> byNumber = given.stream()
                .collect(Collectors.toMap(Citation::number, Function.identity(), (a, b) -> a));
        Set<Citation> cited = new LinkedHashSet<>();
        List<Integer> invented = new ArrayList<>();
        Matcher matcher = MARKER.matcher(answer);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            int number = Integer.parseInt(matcher.group(1));
            Citation source = byNumber.get(number);
            if (source == null) {
                invented.add(number);
                matcher.appendReplacement(text, "");
            } else {
                cited.add(source);
                matcher.appendReplacement(text, Matcher.quoteReplacement(matcher.group()));
            }
        }
        matcher.appendTail(text);
        return new Result(text.toString(), List.copyOf(cited), List.copyOf(invented));
    }
}
