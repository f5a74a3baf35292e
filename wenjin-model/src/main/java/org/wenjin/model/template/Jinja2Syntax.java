package org.wenjin.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the Jinja2 that Jinjava reads differently before it parses a template, inside
 * {@code {{ }}} and {@code {% %}} only (text, comments and string literals are left alone):
 * <ul>
 *   <li>The operand of the unary {@code not} gets parentheses. In Jinja2, as in Python, {@code not}
 *       binds more loosely than comparisons and tests, so {@code not x is defined} means
 *       {@code not (x is defined)} and {@code not a|length == 1} means {@code not (a|length == 1)};
 *       Jinjava binds {@code not} to the nearest operand and gets both wrong. The operand is
 *       everything up to the next {@code and}, {@code or}, {@code if}, {@code else}, comma or closing
 *       bracket at the same depth.
 *   <li>The reversing slice {@code x[::-1]}, which Jinjava cannot parse, becomes
 *       {@code x|reverse|list} (Qwen3's template walks its messages backwards this way).
 *   <li>The value of a keyword argument gets parentheses: Jinjava reads
 *       {@code namespace(last=messages|length - 1)} as {@code (last=messages|length) - 1}.
 * </ul>
 */
final class Jinja2Syntax {

    private static final Set<String> OPERAND_STOPS = Set.of("and", "or", "if", "else");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "if", "else", "in", "is", "for", "set", "elif");

    private Jinja2Syntax() {
    }

    static String rewrite(String source) {
        StringBuilder out = new StringBuilder(source.length() + 16);
        int i = 0;
        while (i < source.length()) {
            int open = nextOpening(source, i);
            if (open < 0) {
                out.append(source, i, source.length());
                break;
            }
            out.append(source, i, open + 2);
            String closing = source.charAt(open + 1) == '{' ? "}}" : source.charAt(open + 1) == '%' ? "%}" : "#}";
            int close = closingOf(source, open + 2, closing);
            if (close < 0) {
                out.append(source, open + 2, source.length());
                break;
            }
            String inside = source.substring(open + 2, close);
            out.append(closing.equals("#}") ? inside : rewriteExpression(inside)).append(closing);
            i = close + 2;
        }
        return out.toString();
    }

    private static int nextOpening(String source, int from) {
        for (int i = source.indexOf('{', from); i >= 0 && i + 1 < source.length(); i = source.indexOf('{', i + 1)) {
            char next = source.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return i;
            }
        }
        return -1;
    }

    /** The position of the closing delimiter, skipping string literals. */
    private static int closingOf(String source, int from, String closing) {
        char quote = 0;
        for (int i = from; i + 1 < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (!closing.equals("#}") && (c == '\'' || c == '"')) {
                quote = c;
            } else if (source.startsWith(closing, i)) {
                return i;
            }
        }
        return -1;
    }

    private record Token(String text, boolean word, boolean literal) {
    }

    private static String rewriteExpression(String expression) {
        List<Token> tokens = namedArguments(reverseSlices(tokenize(expression)));
        List<String> out = new ArrayList<>(tokens.size() + 4);
        rewrite(tokens, 0, tokens.size(), out);
        return String.join("", out);
    }

    /** Appends tokens [from, to) to out, wrapping the operand of each unary not. */
    private static void rewrite(List<Token> tokens, int from, int to, List<String> out) {
        for (int i = from; i < to; i++) {
            Token token = tokens.get(i);
            if (token.word() && token.text().equals("not") && isUnary(tokens, i)) {
                int end = operandEnd(tokens, i + 1, to);
                out.add("not (");
                rewrite(tokens, skipSpace(tokens, i + 1, end), trimSpace(tokens, i + 1, end), out);
                out.add(")");
                for (int k = trimSpace(tokens, i + 1, end); k < end; k++) {
                    out.add(tokens.get(k).text());
                }
                i = end - 1;
            } else {
                out.add(token.text());
            }
        }
    }

    /** Not the binary "x not in y" nor the test "x is not none". */
    private static boolean isUnary(List<Token> tokens, int index) {
        Token previous = null;
        for (int k = index - 1; k >= 0; k--) {
            if (!tokens.get(k).text().isBlank()) {
                previous = tokens.get(k);
                break;
            }
        }
        if (previous == null) {
            return true;
        }
        if (previous.word() && previous.text().equals("is")) {
            return false;
        }
        boolean afterOperand = previous.literal()
                || (previous.word() && !KEYWORDS.contains(previous.text()))
                || previous.text().equals(")") || previous.text().equals("]") || previous.text().equals("}");
        return !afterOperand;
    }

    private static int operandEnd(List<Token> tokens, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            Token token = tokens.get(k);
            String text = token.text();
            if (text.equals("(") || text.equals("[") || text.equals("{")) {
                depth++;
            } else if (text.equals(")") || text.equals("]") || text.equals("}")) {
                if (depth == 0) {
                    return k;
                }
                depth--;
            } else if (depth == 0 && (text.equals(",") || (token.word() && OPERAND_STOPS.contains(text)))) {
                return k;
            }
        }
        // A trailing whitespace-control dash belongs to the delimiter, not to the operand.
        int end = to;
        while (end > from && tokens.get(end - 1).text().isBlank()) {
            end--;
        }
        if (end > from && tokens.get(end - 1).text().equals("-")) {
            return end - 1;
        }
        return to;
    }

    private static final List<String> REVERSE_SLICE = List.of("[", ":", ":", "-", "1", "]");

    private static List<Token> reverseSlices(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            boolean slice = i + REVERSE_SLICE.size() <= tokens.size();
            for (int k = 0; slice && k < REVERSE_SLICE.size(); k++) {
                slice = tokens.get(i + k).text().equals(REVERSE_SLICE.get(k));
            }
            if (slice) {
                out.add(new Token("|reverse|list", false, false));
                i += REVERSE_SLICE.size() - 1;
            } else {
                out.add(tokens.get(i));
            }
        }
        return out;
    }

    /** {@code f(name=value)} becomes {@code f(name=(value))}. */
    private static List<Token> namedArguments(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size() + 8);
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String text = token.text();
            out.add(token);
            if (text.equals("(") || text.equals("[") || text.equals("{")) {
                depth++;
            } else if (text.equals(")") || text.equals("]") || text.equals("}")) {
                depth--;
            }
            if (depth <= 0 || !token.word() || !previousIs(tokens, i, "(", ",")) {
                continue;
            }
            int equals = skipSpace(tokens, i + 1, tokens.size());
            if (equals >= tokens.size() || !tokens.get(equals).text().equals("=")
                    || (equals + 1 < tokens.size() && tokens.get(equals + 1).text().equals("="))) {
                continue;
            }
            int valueStart = skipSpace(tokens, equals + 1, tokens.size());
            int valueEnd = argumentEnd(tokens, valueStart);
            for (int k = i + 1; k < valueStart; k++) {
                out.add(tokens.get(k));
            }
            out.add(new Token("(", false, false));
            out.addAll(tokens.subList(valueStart, trimSpace(tokens, valueStart, valueEnd)));
            out.add(new Token(")", false, false));
            out.addAll(tokens.subList(trimSpace(tokens, valueStart, valueEnd), valueEnd));
            i = valueEnd - 1;
        }
        return out;
    }

    private static boolean previousIs(List<Token> tokens, int index, String... texts) {
        for (int k = index - 1; k >= 0; k--) {
            String text = tokens.get(k).text();
            if (!text.isBlank()) {
                return List.of(texts).contains(text);
            }
        }
        return false;
    }

    /** The end of an argument: the comma or closing bracket that ends it at its own depth. */
    private static int argumentEnd(List<Token> tokens, int from) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            String text = tokens.get(k).text();
            if (text.equals("(") || text.equals("[") || text.equals("{")) {
                depth++;
            } else if (text.equals(")") || text.equals("]") || text.equals("}")) {
                if (depth == 0) {
                    return k;
                }
                depth--;
            } else if (depth == 0 && text.equals(",")) {
                return k;
            }
        }
        return tokens.size();
    }

    private static int skipSpace(List<Token> tokens, int from, int to) {
        while (from < to && tokens.get(from).text().isBlank()) {
            from++;
        }
        return from;
    }

    private static int trimSpace(List<Token> tokens, int from, int to) {
        while (to > from && tokens.get(to - 1).text().isBlank()) {
            to--;
        }
        return to;
    }

    private static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            int start = i;
            if (c == '\'' || c == '"') {
                i++;
                while (i < expression.length() && expression.charAt(i) != c) {
                    i += expression.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(i + 1, expression.length());
                tokens.add(new Token(expression.substring(start, i), false, true));
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
                    i++;
                }
                String word = expression.substring(start, i);
                tokens.add(new Token(word, !Character.isDigit(c), Character.isDigit(c)));
            } else if (Character.isWhitespace(c)) {
                while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(expression.substring(start, i), false, false));
            } else {
                tokens.add(new Token(String.valueOf(c), false, false));
                i++;
            }
        }
        return tokens;
    }
}
