package org.wenjin.retrieval.document;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown, the block structure of CommonMark 0.31 that matters for retrieval: ATX and setext headings,
 * paragraphs, lists, tables, block quotes, fenced code, YAML front matter and HTML comments. Inline
 * markup is reduced to its text (a link to its label, an image to its alt text).
 *
 * <p>The title is the front matter's {@code title:}, else the first heading, else the file name. The
 * heading used as title does not appear in the section trail of the blocks under it.
 */
public final class MarkdownParser implements DocumentParser {

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])([ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern LIST_ITEM = Pattern.compile("^ {0,3}(?:[-*+]|\\d{1,9}[.)])(?:[ \\t]+|$)");
    private static final Pattern TABLE_ROW = Pattern.compile("^ {0,3}\\|");
    private static final Pattern TABLE_DELIMITER = Pattern.compile("^ {0,3}\\|?[ \\t]*:?-+:?[ \\t]*(\\|[ \\t]*:?-+:?[ \\t]*)*\\|?[ \\t]*$");
    private static final Pattern BLOCK_QUOTE = Pattern.compile("^ {0,3}>[ ]?");
    private static final Pattern FRONT_MATTER_TITLE = Pattern.compile("^title:[ \\t]*[\"']?(.*?)[\"']?[ \\t]*$");

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("\\[([^\\]]+)]\\[[^\\]]*]");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto):[^>\\s]+)>");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern EMPHASIS = Pattern.compile("(?<![\\w*])\\*(?=\\S)([^*]+?)(?<=\\S)\\*(?![\\w*])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_HTML = Pattern.compile("</?[A-Za-z][A-Za-z0-9-]*(?:\\s[^<>]*)?/?>");

    @Override
    public ParsedDocument parse(byte[] content, String fallbackTitle) throws UnreadableDocumentException {
        return parse(TextDecoder.decode(content), fallbackTitle);
    }

    /** Parses Markdown that is already text, such as a resource read from the classpath. */
    public ParsedDocument parse(String markdown, String fallbackTitle) {
        return new Reader(markdown.split("\\R", -1), fallbackTitle).read();
    }

    /** Reduces inline Markdown to the text a reader sees. */
    static String inlineText(String markdown) {
        String text = IMAGE.matcher(markdown).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = REFERENCE_LINK.matcher(text).replaceAll("$1");
        text = AUTOLINK.matcher(text).replaceAll("$1");
        text = CODE_SPAN.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2).strip()));
        text = STRONG.matcher(text).replaceAll("$2");
        text = EMPHASIS.matcher(text).replaceAll("$1");
        text = STRIKE.matcher(text).replaceAll("$1");
        text = INLINE_HTML.matcher(text).replaceAll("");
        return text.replaceAll("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~])", "$1");
    }

    /** One pass over the lines; holds the block being collected. */
    private static final class Reader {
        private final String[] lines;
        private final List<Block> blocks = new ArrayList<>();
        private final Outline outline = new Outline();
        private final List<String> pending = new ArrayList<>();
        private Block.Layout pendingLayout = Block.Layout.PROSE;
        private String title;
        private boolean titleHeadingSeen;
        private final String fallbackTitle;
        private int line;

        Reader(String[] lines, String fallbackTitle) {
            this.lines = lines;
            this.fallbackTitle = fallbackTitle;
        }

        ParsedDocument read() {
            skipFrontMatter();
            while (line < lines.length) {
                String current = lines[line];
                Matcher fence = FENCE.matcher(current);
                Matcher heading = ATX_HEADING.matcher(current);
                if (current.isBlank()) {
                    flush();
                } else if (fence.find()) {
                    flush();
                    readFencedCode(fence.group(1));
                } else if (current.stripLeading().startsWith("<!--")) {
                    flush();
                    skipComment();
                } else if (heading.matches()) {
                    flush();
                    heading(heading.group(1).length(), heading.group(2) == null ? "" : heading.group(2));
                } else if (pendingLayout == Block.Layout.PROSE && !pending.isEmpty()
                        && SETEXT_UNDERLINE.matcher(current).matches()) {
                    String text = String.join(" ", pending);
                    pending.clear();
                    heading(current.strip().charAt(0) == '=' ? 1 : 2, text);
                } else if (THEMATIC_BREAK.matcher(current).matches()) {
                    flush();
                } else if (LIST_ITEM.matcher(current).find() || TABLE_ROW.matcher(current).find()) {
                    if (pendingLayout != Block.Layout.LINES) {
                        flush();
                    }
                    pendingLayout = Block.Layout.LINES;
                    if (!TABLE_DELIMITER.matcher(current).matches()) {
                        pending.add(current.strip());
                    }
                } else if (pendingLayout == Block.Layout.LINES && !pending.isEmpty()
                        && Character.isWhitespace(current.charAt(0))) {
                    pending.add(current.strip()); // a list item continued on an indented line
                } else {
                    if (pendingLayout != Block.Layout.PROSE) {
                        flush();
                    }
                    Matcher quote = BLOCK_QUOTE.matcher(current);
                    pending.add(quote.lookingAt() ? current.substring(quote.end()).strip() : current.strip());
                }
                line++;
            }
            flush();
            return new ParsedDocument(title == null || title.isBlank() ? fallbackTitle : title, blocks);
        }

        private void heading(int level, String markdown) {
            String text = Prose.tidy(inlineText(markdown));
            if (!titleHeadingSeen && !text.isEmpty() && (title == null || title.equals(text))) {
                title = text;
                titleHeadingSeen = true;
                outline.enterTitle();
            } else {
                outline.enter(level, text);
            }
        }

        private void flush() {
            if (!pending.isEmpty()) {
                String text = pendingLayout == Block.Layout.PROSE
                        ? Prose.joinLines(pending.stream().map(MarkdownParser::inlineText).toList())
                        : String.join("\n", pending.stream().map(l -> Prose.tidy(inlineText(l))).toList());
                if (!text.isBlank()) {
                    blocks.add(new Block(outline.sectionNumber(), outline.section(), text, pendingLayout));
                }
                pending.clear();
            }
            pendingLayout = Block.Layout.PROSE;
        }

        private void readFencedCode(String fence) {
            List<String> code = new ArrayList<>();
            line++;
            while (line < lines.length && !lines[line].strip().startsWith(fence)) {
                code.add(lines[line]);
                line++;
            }
            String text = String.join("\n", code).strip();
            if (!text.isEmpty()) {
                blocks.add(new Block(outline.sectionNumber(), outline.section(), text, Block.Layout.LINES));
            }
        }

        private void skipComment() {
            while (line < lines.length && !lines[line].contains("-->")) {
                line++;
            }
        }

        /** YAML front matter: a first line of "---" up to the next "---" or "...". */
        private void skipFrontMatter() {
            if (lines.length == 0 || !lines[0].strip().equals("---")) {
                return;
            }
            for (int end = 1; end < lines.length; end++) {
                String l = lines[end].strip();
                if (l.equals("---") || l.equals("...")) {
                    for (int i = 1; i < end; i++) {
                        Matcher m = FRONT_MATTER_TITLE.matcher(lines[i].strip());
                        if (m.matches() && !m.group(1).isBlank()) {
                            title = m.group(1).strip();
                        }
                    }
                    line = end + 1;
                    return;
                }
            }
        }
    }
}
