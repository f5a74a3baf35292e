package org.wenjin.retrieval.document;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * HTML, parsed with jsoup. Headings give the section trail; paragraphs, list items, table rows and
 * other block elements become blocks; scripts, styles and navigation are dropped.
 *
 * <p>The title is {@code <title>}, else the first {@code <h1>}, else the file name. The encoding is the
 * byte-order mark's, else the {@code <meta charset>} declaration's (looked for in the first 1024 bytes,
 * as the HTML standard's prescan does), else what {@link TextDecoder} finds.
 */
final class HtmlParser implements DocumentParser {

    private static final Pattern META_CHARSET =
            Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
    private static final int PRESCAN_BYTES = 1024;

    private static final Set<String> DROPPED = Set.of(
            "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "nav", "iframe", "object",
            "button", "input", "select", "textarea", "form");
    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "ul", "ol", "li",
            "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption",
            "address", "details", "summary", "hr", "body", "center");

    @Override
    public ParsedDocument parse(byte[] content, String fallbackTitle) throws UnreadableDocumentException {
        Document html = Jsoup.parse(decode(content));
        String title = Prose.tidy(html.title());
        Element firstH1 = html.selectFirst("h1");
        if (title.isEmpty() && firstH1 != null) {
            title = Prose.tidy(firstH1.text());
        }
        if (title.isEmpty()) {
            title = fallbackTitle;
        }
        Walker walker = new Walker(title);
        walker.walk(html.body(), false);
        walker.flush();
        return new ParsedDocument(title, walker.blocks);
    }

    private static String decode(byte[] content) throws UnreadableDocumentException {
        if (!TextDecoder.hasByteOrderMark(content)) {
            Optional<Charset> declared = declaredCharset(content);
            if (declared.isPresent()) {
                return TextDecoder.decode(content, declared.get());
            }
        }
        return TextDecoder.decode(content);
    }

    private static Optional<Charset> declaredCharset(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        if (!m.find()) {
            return Optional.empty();
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        // The HTML standard maps gb2312 and gbk labels to GBK; GB18030 decodes everything GBK does.
        if (name.equals("gb2312") || name.equals("gbk") || name.equals("x-gbk")) {
            name = "GB18030";
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // fall back to detection rather than refuse the page
        }
    }

    /** Collects text into blocks while walking the element tree. */
    private static final class Walker {
        private final String title;
        private final List<Block> blocks = new ArrayList<>();
        private final Outline outline = new Outline();
        private final StringBuilder text = new StringBuilder();
        private boolean titleHeadingSeen;

        Walker(String title) {
            this.title = title;
        }

        void walk(Node node, boolean inRow) {
            if (node == null) {
                return;
            }
            for (Node child : node.childNodes()) {
                if (child instanceof TextNode t) {
                    text.append(t.text());
                } else if (child instanceof Element e) {
                    element(e, inRow);
                }
            }
        }

        private void element(Element e, boolean inRow) {
            String tag = e.normalName();
            if (DROPPED.contains(tag)) {
                return;
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                flush();
                heading(tag.charAt(1) - '0', Prose.tidy(e.text()));
            } else if (tag.equals("pre")) {
                flush();
                String code = e.wholeText().strip();
                if (!code.isEmpty()) {
                    blocks.add(new Block(outline.sectionNumber(), outline.section(), code, Block.Layout.LINES));
                }
            } else if (tag.equals("br")) {
                text.append('\n');
            } else if (tag.equals("td") || tag.equals("th")) {
                if (inRow && !text.isEmpty()) {
                    text.append(" | ");
                }
                walk(e, false);
            } else if (tag.equals("tr")) {
                flush();
                walk(e, true);
                flush();
            } else if (BLOCKS.contains(tag)) {
                flush();
                walk(e, inRow);
                flush();
            } else {
                walk(e, inRow);
            }
        }

        private void heading(int level, String heading) {
            if (!titleHeadingSeen && heading.equals(title)) {
                titleHeadingSeen = true;
                outline.enterTitle();
            } else if (!heading.isEmpty()) {
                outline.enter(level, heading);
            }
        }

        void flush() {
            List<String> lines = new ArrayList<>();
            for (String line : text.toString().split("\n")) {
                String tidy = Prose.tidy(line);
                if (!tidy.isEmpty()) {
                    lines.add(tidy);
                }
            }
            text.setLength(0);
            if (!lines.isEmpty()) {
                Block.Layout layout = lines.size() == 1 ? Block.Layout.PROSE : Block.Layout.LINES;
                blocks.add(new Block(outline.sectionNumber(), outline.section(), String.join("\n", lines), layout));
            }
        }
    }
}
