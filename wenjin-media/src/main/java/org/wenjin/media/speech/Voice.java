package org.wenjin.media.speech;

import java.util.Locale;
import org.wenjin.media.MediaException;

/** The languages Wenjin speaks, each with the espeak-ng voice that reads it. */
public enum Voice {
    /** espeak-ng's {@code cmn}: Mandarin, reading Han characters as Pinyin syllables with tones. */
    MANDARIN("cmn"),
    /** espeak-ng's {@code en}: English. */
    ENGLISH("en");

    private final String espeakName;

    Voice(String espeakName) {
        this.espeakName = espeakName;
    }

    /** The name espeak-ng's {@code -v} option takes. */
    public String espeakName() {
        return espeakName;
    }

    /** {@code zh}, {@code cmn}, {@code mandarin}, {@code en} or {@code english}, case-insensitively. */
    public static Voice parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "zh", "cmn", "zh-cn", "mandarin", "chinese" -> MANDARIN;
            case "en", "english" -> ENGLISH;
            default -> throw new MediaException("unknown voice '" + name + "': use zh or en");
        };
    }
}
