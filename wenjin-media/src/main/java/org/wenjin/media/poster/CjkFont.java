package org.wenjin.media.poster;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.wenjin.media.MediaException;

/** Finds an installed font family that draws Simplified Chinese, by family name. */
public final class CjkFont {
    /** Checked in order: Noto Sans CJK is Debian's fonts-noto-cjk; Source Han Sans is the same design under Adobe's name. */
    public static final List<String> PREFERRED = List.of(
            "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
            "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "AR PL UMing CN");
    /** Text every candidate must draw: common Han characters and full-width punctuation. */
    private static final String SAMPLE = "智能交通大会，「问津」。";

    private CjkFont() {
    }

    /** The first installed family of {@link #PREFERRED}, or a clear error saying what to install. */
    public static String family() {
        Set<String> installed = Set.copyOf(Arrays.asList(
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
        for (String family : PREFERRED) {
            if (installed.contains(family) && new Font(family, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) == -1) {
                return family;
            }
        }
        throw new MediaException("no Chinese font installed (looked for " + String.join(", ", PREFERRED)
                + "): install fonts-noto-cjk: apt-get install fonts-noto-cjk");
    }
}
