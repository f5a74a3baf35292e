package org.wenjin.media.poster;

import java.awt.Color;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.wenjin.media.MediaException;

/** The poster's three colours, each written #RRGGBB. */
public record Palette(String background, String text, String accent) {
    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");

    /** Deep blue with white text and an amber accent. */
    public static final Palette DEFAULT = new Palette("#0B3D91", "#FFFFFF", "#FFB300");

    public Palette {
        check("colors.background", background);
        check("colors.text", text);
        check("colors.accent", accent);
    }

    public Color backgroundColor() {
        return color(background);
    }

    public Color textColor() {
        return color(text);
    }

    public Color accentColor() {
        return color(accent);
    }

    static Color color(String hex) {
        return new Color(HexFormat.fromHexDigits(hex, 1, 7));
    }

    private static void check(String field, String value) {
        if (value == null || !HEX.matcher(value).matches()) {
            throw new MediaException("poster." + field + ": '" + value + "' is not a colour written #RRGGBB");
        }
    }
}
