package org.wenjin.knowledge.reasoning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.reasoner.rulesys.Rule;

/**
 * Reads a file of forward rules in Jena's rule syntax (Jena documentation, "Reasoners and rule engines",
 * section "Rule syntax and structure"): {@code @prefix} lines, then rules such as
 * {@code [grandparent: (?a ex:parent ?b) (?b ex:parent ?c) -> (?a ex:grandparent ?c)]}, with {@code #} and
 * {@code //} comments. Each rule must be named, in brackets, and forward ({@code ->}): the name is what an
 * inferred fact shows as the rule that made it.
 *
 * <p>Each bracketed rule is parsed on its own, so an error names the line and column where its rule starts
 * and the parser's complaint.
 */
public final class UserRules {
    private UserRules() {
    }

    /** The rules in a file. */
    public static List<Rule> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /** The rules in {@code text}; {@code name} is the file name errors show. */
    public static List<Rule> parse(String text, String name) {
        List<String> prefixes = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>(Inference.BUILT_IN.ruleNames());
        Scanner scanner = new Scanner(text, name);
        while (scanner.skipSpaceAndComments()) {
            int line = scanner.line;
            int column = scanner.column;
            if (scanner.startsWith("@prefix")) {
                prefixes.add(scanner.directive());
            } else if (scanner.startsWith("@include")) {
                throw new RuleFileException(name, line, column, "@include is not supported; write every rule in this file", null);
            } else if (scanner.peek() == '[') {
                Rule rule = parseOne(prefixes, scanner.bracketed(), name, line, column);
                if (!names.add(rule.getName())) {
                    throw new RuleFileException(name, line, column, "a rule named '" + rule.getName()
                            + "' exists already" + (Inference.BUILT_IN.ruleNames().contains(rule.getName())
                            ? " (a built-in rule)" : "") + "; each rule needs its own name", null);
                }
                rules.add(rule);
            } else {
                throw new RuleFileException(name, line, column, "expected a rule in brackets, such as "
                        + "[name: (?a ex:p ?b) -> (?b ex:q ?a)], or an @prefix line", null);
            }
        }
        return List.copyOf(rules);
    }

    private static Rule parseOne(List<String> prefixes, String ruleText, String name, int line, int column) {
        String source = String.join("\n", prefixes) + "\n" + ruleText;
        List<Rule> parsed;
        try {
            parsed = Rule.parseRules(Rule.rulesParserFromReader(new BufferedReader(new StringReader(source))));
        } catch (RuntimeException e) {
            throw new RuleFileException(name, line, column, "not a rule: " + e.getMessage(), e);
        }
        if (parsed.size() != 1) {
            throw new RuleFileException(name, line, column, "expected one rule in the brackets, found " + parsed.size(), null);
        }
        Rule rule = parsed.getFirst();
        if (rule.getName() == null || rule.getName().isBlank()) {
            throw new RuleFileException(name, line, column, "the rule has no name; write [name: ... -> ...], "
                    + "since inferred facts show the name of their rule", null);
        }
        if (rule.isBackward()) {
            throw new RuleFileException(name, line, column, "rule '" + rule.getName()
                    + "' is a backward rule (<-); only forward rules (->) are run", null);
        }
        if (rule.getHead().length == 0) {
            throw new RuleFileException(name, line, column, "rule '" + rule.getName() + "' concludes nothing", null);
        }
        return rule;
    }

    /** Walks the file, keeping line and column, skipping comments, and cutting out directives and bracketed rules. */
    private static final class Scanner {
        private final String text;
        private final String name;
        private int at;
        int line = 1;
        int column = 1;

        Scanner(String text, String name) {
            this.text = text;
            this.name = name;
        }

        char peek() {
            return text.charAt(at);
        }

        boolean startsWith(String word) {
            return text.startsWith(word, at);
        }

        private void advance() {
            if (text.charAt(at) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            at++;
        }

        /** Skips white space and comments; false at the end of the text. */
        boolean skipSpaceAndComments() {
            while (at < text.length()) {
                char c = peek();
                if (Character.isWhitespace(c)) {
                    advance();
                } else if (c == '#' || startsWith("//")) {
                    while (at < text.length() && peek() != '\n') {
                        advance();
                    }
                } else {
                    return true;
                }
            }
            return false;
        }

        /** An {@code @prefix p: <iri>.} directive, through its closing dot. */
        String directive() {
            int start = at;
            int startLine = line;
            int startColumn = column;
            boolean inIri = false;
            while (at < text.length()) {
                char c = peek();
                advance();
                if (c == '<') {
                    inIri = true;
                } else if (c == '>') {
                    inIri = false;
                } else if (c == '.' && !inIri) {
                    return text.substring(start, at);
                } else if (c == '\n') {
                    break;
                }
            }
            throw new RuleFileException(name, startLine, startColumn, "the @prefix line does not end with '.'", null);
        }

        /** A bracketed rule, through its closing bracket; brackets inside IRIs, strings and comments do not count. */
        String bracketed() {
            int start = at;
            int startLine = line;
            int startColumn = column;
            int depth = 0;
            while (at < text.length()) {
                char c = peek();
                if (c == '<' && !startsWith("<-")) {
                    skipPast('>');
                    continue;
                }
                if (c == '"' || c == '\'') {
                    advance();
                    skipPast(c);
                    continue;
                }
                if (c == '#' || startsWith("//")) {
                    skipSpaceAndComments();
                    continue;
                }
                advance();
                if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return text.substring(start, at);
                }
            }
            throw new RuleFileException(name, startLine, startColumn, "the rule starting here has no closing ']'", null);
        }

        private void skipPast(char end) {
            while (at < text.length()) {
                char c = peek();
                advance();
                if (c == end || c == '\n') {
                    return;
                }
            }
        }
    }
}
