package org.wenjin.knowledge.text;

/** The language a question is asked in, which picks the labels and the wording of answers. */
public enum Language {
    CHINESE("zh"),
    ENGLISH("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 primary language subtag. */
    public String tag() {
        return tag;
    }

    /** Whether a literal's language tag ({@code zh}, {@code zh-Hans}, {@code en-GB}) is in this language. */
    public boolean matches(String languageTag) {
        return languageTag.equalsIgnoreCase(tag)
                || languageTag.regionMatches(true, 0, tag + "-", 0, tag.length() + 1);
    }

    /**
     * Chinese when the text has Han characters and they are not outnumbered by Latin letters; the caller
     * leaves out names first, so "What is 文心一言?" is English and "GPT-3是哪一年发布的?" is Chinese.
     */
    public static Language of(CharSequence text) {
        int han = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Script.isHan(c)) {
                han++;
            } else if (Script.isWordChar(c)) {
                latin++;
            }
        }
        // A Han character carries about as much as a short word; three Latin letters weigh as one.
        return han > 0 && han * 3 >= latin ? CHINESE : ENGLISH;
    }

    public String pick(String chinese, String english) {
        return this == CHINESE ? chinese : english;
    }
}
