package org.wenjin.assistant.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises "what is X?" in English and Chinese ({@code 什么是X}, {@code X是什么}) and tells whether a
 * sentence defines X, i.e. names X and goes straight on to say what it is. Such a sentence is the best
 * first line of an extractive answer.
 */
final class DefinitionQuestion {
    private static final Pattern ENGLISH = Pattern.compile(
            "^\\s*(?:what|who)\\s+(?:is|are|was|were)\\s+(?:an?\\s+|the\\s+)?(.+?)\\s*\\??\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHINESE_PREFIX = Pattern.compile("^\\s*(?:什么是|什么叫|何为|何谓)\\s*(.+?)\\s*[？?。]?\\s*$");
    private static final Pattern CHINESE_SUFFIX = Pattern.compile("^\\s*(.+?)\\s*(?:是什么|是啥|指什么)[？?。]?\\s*$");
    /** What follows the subject in a defining sentence, e.g. "X is …", "X（…）是…", "X 指…". */
    private static final Pattern DEFINING = Pattern.compile(
            "^[^。.!?！？]{0,40}?(?:\\s(?:is|are|was|were|refers to|means|stands for)\\s|是|指|即|就是)", Pattern.CASE_INSENSITIVE);

    private final String subject;

    private DefinitionQuestion(String subject) {
        this.subject = subject.toLowerCase(Locale.ROOT);
    }

    static Optional<DefinitionQuestion> of(String question) {
        for (Pattern pattern : new Pattern[] {ENGLISH, CHINESE_PREFIX, CHINESE_SUFFIX}) {
            Matcher matcher = pattern.matcher(question);
            if (matcher.matches() && !matcher.group(1).isBlank()) {
                return Optional.of(new DefinitionQuestion(matcher.group(1).strip()));
            }
        }
        return Optional.empty();
    }

    boolean isDefinedBy(String sentence) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(subject);
        return at >= 0 && at < 20 && DEFINING.matcher(lower.substring(at + subject.length())).find();
    }
}
