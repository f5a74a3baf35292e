package org.wenjin.retrieval.document;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

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
        return new ParsedDocument(title, ElementBlocks.of(html.body(), title, ElementBlocks.NO_PAGES));
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
}
