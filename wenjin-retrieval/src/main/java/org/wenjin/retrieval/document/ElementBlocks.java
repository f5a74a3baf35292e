package org.wenjin.retrieval.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Collects the blocks of an HTML or XHTML element tree: headings give the section trail; paragraphs,
 * list items, table rows and other block elements become blocks; scripts, styles and navigation are
 * dropped. Shared by {@link HtmlParser} and {@link TikaParser}, whose output is XHTML.
 */
final class ElementBlocks {

    /** For HTML pages, where a {@code <div class="page">} is only a style hook. */
    static final Map<String, String> NO_PAGES = Map.of();

    private static final Set<String> DROPPED = Set.of(
            "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "nav", "iframe", "object",
            "button", "input", "select", "textarea", "form");
    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "ul", "ol", "li",
            "dl", "dt", "dd", "figure", "figcaption",
            "address", "details", "summary", "hr", "body", "center");

    private final String title;
    private final Map<String, String> pageClasses;
    private final Set<String> droppedClasses;
    private final List<Block> blocks = new ArrayList<>();
    private final Outline outline = new Outline();
    private final StringBuilder text = new StringBuilder();
    private final Map<String, Integer> pageNumbers = new HashMap<>();
    private boolean titleHeadingSeen;

    private ElementBlocks(String title, Map<String, String> pageClasses, Set<String> droppedClasses) {
        this.title = title;
        this.pageClasses = pageClasses;
        this.droppedClasses = droppedClasses;
    }

    /**
     * The blocks under {@code root}.
     *
     * @param title the document's title: a heading that repeats it does not enter the section trail
     * @param pageClasses a {@code div} of one of these classes is a page, slide or sheet, named in the
     *     section trail by the label mapped to it and its number ("page 3")
     */
    static List<Block> of(Element root, String title, Map<String, String> pageClasses) {
        return of(root, title, pageClasses, Set.of());
    }

    /** As {@link #of(Element, String, Map)}, leaving out elements of the classes in {@code droppedClasses}. */
    static List<Block> of(Element root, String title, Map<String, String> pageClasses, Set<String> droppedClasses) {
        ElementBlocks walker = new ElementBlocks(title, pageClasses, droppedClasses);
        walker.walk(root);
        walker.flush();
        return walker.blocks;
    }

    private void walk(Node node) {
        if (node == null) {
            return;
        }
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                text.append(t.text());
            } else if (child instanceof Element e) {
                element(e);
            }
        }
    }

    private void element(Element e) {
        String tag = e.normalName();
        if (DROPPED.contains(tag) || e.classNames().stream().anyMatch(droppedClasses::contains)) {
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
        } else if (tag.equals("table")) {
            // One block, a line per row, so that a table is cut between rows and only when it is too long.
            flush();
            walk(e);
            flush();
        } else if (tag.equals("tr")) {
            List<String> cells = new ArrayList<>();
            for (Element cell : e.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    cells.add(Prose.tidy(cell.text()));
                }
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                text.append('\n').append(String.join(" | ", cells)).append('\n');
            }
        } else if (tag.equals("caption")) {
            text.append('\n').append(Prose.tidy(e.text())).append('\n');
        } else if (tag.equals("div") && page(e) != null) {
            flush();
            String label = page(e);
            outline.enter(0, label + " " + pageNumbers.merge(label, 1, Integer::sum));
            walk(e);
            flush();
        } else if (BLOCKS.contains(tag)) {
            flush();
            walk(e);
            flush();
        } else {
            walk(e);
        }
    }

    private String page(Element div) {
        for (String name : div.classNames()) {
            String label = pageClasses.get(name);
            if (label != null) {
                return label;
            }
        }
        return null;
    }

    private void heading(int level, String heading) {
        if (!titleHeadingSeen && heading.equals(title)) {
            titleHeadingSeen = true;
            outline.enterTitle();
        } else if (!heading.isEmpty()) {
            outline.enter(level, heading);
        }
    }

    private void flush() {
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
