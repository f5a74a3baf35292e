package org.wenjin.knowledge.answering;

import java.util.List;
import org.wenjin.knowledge.text.Language;

/**
 * The wording of direct answers. Predicate labels are nouns ("developer", "开发者"), so one pattern per
 * language reads well for every predicate: "X的P是Y" and "the P of X is Y".
 */
public final class Sentences {
    private Sentences() {
    }

    /** "X的P是A、B" or "the P of X is A" / "the Ps of X are A and B". */
    public static String valuesOf(Language language, String subject, String predicate, List<String> values) {
        if (language == Language.CHINESE) {
            return subject + "的" + predicate + "是" + String.join("、", values);
        }
        boolean plural = values.size() > 1;
        return "the " + (plural ? plural(predicate) : predicate) + " of " + subject + (plural ? " are " : " is ")
                + englishList(values);
    }

    /** "Y是A、B的P" or "Y is the P of A and B": the value is the entity asked about. */
    public static String valueFor(Language language, String object, String predicate, List<String> subjects) {
        if (language == Language.CHINESE) {
            return object + "是" + String.join("、", subjects) + "的" + predicate;
        }
        return object + " is the " + predicate + " of " + englishList(subjects);
    }

    /** Clauses joined into one sentence, capitalised and closed. */
    public static String sentence(Language language, List<String> clauses) {
        String joined = language == Language.CHINESE ? String.join("，", clauses) : String.join(", and ", clauses);
        return close(language, joined);
    }

    public static String close(Language language, String text) {
        if (language == Language.CHINESE) {
            return text + "。";
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    public static String englishList(List<String> values) {
        if (values.size() == 1) {
            return values.getFirst();
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " and " + values.getLast();
    }

    /** English plural of a noun label's last word; a label that is not a plain English noun is left as it is. */
    public static String plural(String label) {
        int space = label.lastIndexOf(' ');
        String head = label.substring(0, space + 1);
        String word = label.substring(space + 1);
        if (word.isEmpty() || !word.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
            return label;
        }
        if (word.equals("person")) {
            return head + "people";
        }
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("ch") || word.endsWith("sh")) {
            return word.endsWith("s") && !word.endsWith("ss") ? label : head + word + "es";
        }
        if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return head + word.substring(0, word.length() - 1) + "ies";
        }
        return head + word + "s";
    }
}
