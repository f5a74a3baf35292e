package org.wenjin.model.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps} writes it, which is what the {@code tojson} filter
 * of Hugging Face chat templates produces ({@code transformers} calls {@code json.dumps(x,
 * ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)}): {@code ", "} and
 * {@code ": "} between items without indent, {@code ","} and newlines with it, floats as Python's
 * {@code repr}. Models were trained on that spelling of tool calls and arguments.
 */
final class PythonJson {

    /** Stands for a null map value while entries are sorted. */
    private static final Object NULL = new Object();

    private PythonJson() {
    }

    /**
     * @param indent spaces per level, or {@code null} for everything on one line
     * @param ensureAscii write non-ASCII characters as {@code \}{@code uXXXX} escapes
     */
    static String dumps(Object value, Integer indent, boolean ensureAscii, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, 0, ensureAscii, sortKeys);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, Integer indent, int level, boolean ensureAscii, boolean sortKeys) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof CharSequence || value instanceof Character) {
            string(out, value.toString(), ensureAscii);
        } else if (value instanceof Double || value instanceof Float) {
            out.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.scale() <= 0 ? decimal.toBigInteger().toString() : floatRepr(decimal.doubleValue()));
        } else if (value instanceof Number number) {
            out.append(number instanceof BigInteger ? number.toString() : Long.toString(number.longValue()));
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.add(Map.entry(key(entry.getKey()), entry.getValue() == null ? NULL : entry.getValue()));
            }
            if (sortKeys) {
                entries.sort(Map.Entry.comparingByKey());
            }
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                separator(out, i, indent, level + 1);
                string(out, entries.get(i).getKey(), ensureAscii);
                out.append(": ");
                Object item = entries.get(i).getValue();
                write(out, item == NULL ? null : item, indent, level + 1, ensureAscii, sortKeys);
            }
            close(out, '}', entries.isEmpty(), indent, level);
        } else if (value instanceof Iterable<?> || value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            if (value instanceof Iterable<?> iterable) {
                iterable.forEach(items::add);
            } else {
                for (int i = 0; i < Array.getLength(value); i++) {
                    items.add(Array.get(value, i));
                }
            }
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                separator(out, i, indent, level + 1);
                write(out, items.get(i), indent, level + 1, ensureAscii, sortKeys);
            }
            close(out, ']', items.isEmpty(), indent, level);
        } else {
            string(out, value.toString(), ensureAscii);
        }
    }

    private static void separator(StringBuilder out, int index, Integer indent, int level) {
        if (indent == null) {
            if (index > 0) {
                out.append(", ");
            }
        } else {
            if (index > 0) {
                out.append(',');
            }
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void close(StringBuilder out, char bracket, boolean empty, Integer indent, int level) {
        if (indent != null && !empty) {
            out.append('\n').append(" ".repeat(indent * level));
        }
        out.append(bracket);
    }

    /** Python turns keys into strings: {@code True} to "true", numbers by their repr, {@code None} to "null". */
    private static String key(Object key) {
        if (key == null) {
            return "null";
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (key instanceof Double || key instanceof Float) {
            return floatRepr(((Number) key).doubleValue());
        }
        return key.toString();
    }

    private static void string(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7F)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code repr} of a float: the shortest digits that read back to the same value (as Java's
     * {@link Double#toString}), in positional notation for exponents from -4 to 15 and as
     * {@code 1e+16} or {@code 1.5e-05} otherwise; {@code NaN} and {@code Infinity} as json.dumps writes them.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (exponent >= -4 && exponent < 16) {
            if (exponent >= 0) {
                if (digits.length() <= exponent + 1) {
                    out.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
                } else {
                    out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
                }
            } else {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(String.format("%02d", Math.abs(exponent)));
        }
        return out.toString();
    }
}
