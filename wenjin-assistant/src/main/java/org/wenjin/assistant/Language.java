package org.wenjin.assistant;

/** The language an answer is written in: the language of the question. */
public enum Language {
    CHINESE, ENGLISH;

    /** Chinese as soon as the text has a Han character; mixed questions are usually Chinese with names. */
    public static Language of(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                ? CHINESE : ENGLISH;
    }

    public String pick(String chinese, String english) {
        return this == CHINESE ? chinese : english;
    }
}
