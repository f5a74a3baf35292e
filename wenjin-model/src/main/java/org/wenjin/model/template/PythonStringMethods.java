package org.wenjin.model.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The methods of Python's {@code str} that chat templates call on message text, for Jinjava, whose
 * strings are Java strings: {@code startswith}, {@code endswith}, {@code strip}/{@code lstrip}/
 * {@code rstrip} with or without characters, {@code split} (on white space or a separator, with
 * {@code maxsplit}), {@code upper}, {@code lower}, {@code title}, {@code capitalize}, {@code replace},
 * {@code find}, {@code count} and {@code join}. Qwen3's template, for one, cuts the reasoning out of
 * an answer with {@code content.split('</think>')[-1].lstrip('\n')}. Other calls fall through to the
 * next resolver.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, method.toString(), args);
        if (result != NOT_HANDLED) {
            context.setPropertyResolved(true);
            return result;
        }
        return null;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "startswith" -> args.length == 1 ? anyMatch(args[0], s::startsWith) : NOT_HANDLED;
            case "endswith" -> args.length == 1 ? anyMatch(args[0], s::endsWith) : NOT_HANDLED;
            case "strip" -> args.length <= 1 ? rstrip(lstrip(s, chars(args)), chars(args)) : NOT_HANDLED;
            case "lstrip" -> args.length <= 1 ? lstrip(s, chars(args)) : NOT_HANDLED;
            case "rstrip" -> args.length <= 1 ? rstrip(s, chars(args)) : NOT_HANDLED;
            case "split" -> split(s, args.length > 0 ? args[0] : null, args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "upper" -> args.length == 0 ? s.toUpperCase(Locale.ROOT) : NOT_HANDLED;
            case "lower" -> args.length == 0 ? s.toLowerCase(Locale.ROOT) : NOT_HANDLED;
            case "title" -> args.length == 0 ? title(s) : NOT_HANDLED;
            case "capitalize" -> args.length == 0 ? capitalize(s) : NOT_HANDLED;
            case "replace" -> args.length == 2 ? s.replace(args[0].toString(), args[1].toString()) : NOT_HANDLED;
            case "find" -> args.length == 1 ? (long) s.indexOf(args[0].toString()) : NOT_HANDLED;
            case "count" -> args.length == 1 ? count(s, args[0].toString()) : NOT_HANDLED;
            case "join" -> args.length == 1 && args[0] instanceof Iterable<?> items ? join(s, items) : NOT_HANDLED;
            default -> NOT_HANDLED;
        };
    }

    private static boolean anyMatch(Object prefixes, Predicate<String> test) {
        if (prefixes instanceof Iterable<?> many) {
            for (Object prefix : many) {
                if (test.test(prefix.toString())) {
                    return true;
                }
            }
            return false;
        }
        return test.test(prefixes.toString());
    }

    /** The characters to strip, or null for white space. */
    private static String chars(Object[] args) {
        return args.length == 0 || args[0] == null ? null : args[0].toString();
    }

    private static boolean strips(String chars, int codePoint) {
        return chars == null ? Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) : chars.indexOf(codePoint) >= 0;
    }

    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strips(chars, s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && strips(chars, s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(0, end);
    }

    /** Python's split: on runs of white space dropping empty parts, or on every separator keeping them. */
    private static List<String> split(String s, Object separator, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            String rest = lstrip(s, null);
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(rest);
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !strips(null, rest.codePointAt(end))) {
                    end += Character.charCount(rest.codePointAt(end));
                }
                parts.add(rest.substring(0, end));
                rest = lstrip(rest.substring(end), null);
            }
            return parts;
        }
        String sep = separator.toString();
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0 && (maxSplit < 0 || parts.size() < maxSplit); at = s.indexOf(sep, from)) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = Character.isLetter(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT)).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String separator, Iterable<?> items) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(separator);
            }
            out.append(item);
            first = false;
        }
        return out.toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
