package org.wenjin.model.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * C's {@code strftime} directives, for the {@code strftime_now(format)} function that Hugging Face
 * offers chat templates (Llama 3.1 and later write "Today Date: 26 Jul 2024" with
 * {@code strftime_now("%d %b %Y")}). Names are English, as in the C locale; the glibc flag
 * {@code -} ({@code %-d}) drops the zero padding.
 */
final class Strftime {

    private Strftime() {
    }

    static String format(String pattern, ZonedDateTime time) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char directive = pattern.charAt(++i);
            boolean pad = true;
            if (directive == '-' && i + 1 < pattern.length()) {
                pad = false;
                directive = pattern.charAt(++i);
            }
            switch (directive) {
                case 'd' -> number(out, time.getDayOfMonth(), 2, pad);
                case 'e' -> out.append(pad && time.getDayOfMonth() < 10 ? " " : "").append(time.getDayOfMonth());
                case 'm' -> number(out, time.getMonthValue(), 2, pad);
                case 'Y' -> out.append(time.getYear());
                case 'y' -> number(out, time.getYear() % 100, 2, pad);
                case 'H' -> number(out, time.getHour(), 2, pad);
                case 'I' -> number(out, (time.getHour() + 11) % 12 + 1, 2, pad);
                case 'M' -> number(out, time.getMinute(), 2, pad);
                case 'S' -> number(out, time.getSecond(), 2, pad);
                case 'j' -> number(out, time.getDayOfYear(), 3, pad);
                case 'p' -> out.append(time.getHour() < 12 ? "AM" : "PM");
                case 'b', 'h' -> out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'F' -> out.append(String.format("%04d-%02d-%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth()));
                case 'T' -> out.append(String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond()));
                case '%' -> out.append('%');
                default -> out.append('%').append(pad ? "" : "-").append(directive);
            }
        }
        return out.toString();
    }

    private static void number(StringBuilder out, int value, int width, boolean pad) {
        String digits = Integer.toString(value);
        if (pad && digits.length() < width) {
            out.append("0".repeat(width - digits.length()));
        }
        out.append(digits);
    }
}
