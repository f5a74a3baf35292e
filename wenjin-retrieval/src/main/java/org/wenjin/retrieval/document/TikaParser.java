package org.wenjin.retrieval.document;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.ToXMLContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.xml.sax.SAXException;

/**
 * PDF, Word, PowerPoint and Excel (OOXML and the binary 97–2003 formats), OpenDocument, EPUB, RTF and
 * Outlook messages, through Apache Tika. Tika turns each into XHTML, which {@link ElementBlocks} reads
 * as it reads HTML: Word's heading styles and EPUB's headings give the section trail, each PDF page and
 * each slide is a section of its own ("page 3", "slide 2"), a spreadsheet's sheets are headings over
 * their rows.
 *
 * <p>The title is the document's own (PDF document information, Office core properties, OPF metadata),
 * else the file name. Documents embedded in a document (attachments, pictures) are not read.
 */
final class TikaParser implements DocumentParser {

    /** About 40 MB of text, several thousand pages: more is a data dump, and would not fit in memory twice. */
    static final int MAX_CHARACTERS = 20_000_000;

    /** The XHTML classes Tika gives pages (PDF, and sheets in some formats) and slides. */
    private static final Map<String, String> PAGE_CLASSES = Map.of("page", "page", "slide-content", "slide");

    /** Text repeated on every slide of a master, and placeholders for embedded files. */
    private static final Set<String> DROPPED_CLASSES = Set.of("slide-master-content", "embedded");

    /** Thread-safe and costly to build: it loads every parser on the class path. */
    private static final AutoDetectParser TIKA = new AutoDetectParser();

    private final String extension;

    TikaParser(String extension) {
        this.extension = extension;
    }

    @Override
    public ParsedDocument parse(byte[] content, String fallbackTitle) throws UnreadableDocumentException {
        if (content.length == 0) {
            throw new UnreadableDocumentException("empty file");
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fallbackTitle + "." + extension);
        ToXMLContentHandler xhtml = new ToXMLContentHandler();
        try (TikaInputStream in = TikaInputStream.get(content)) {
            TIKA.parse(in, new WriteOutContentHandler(xhtml, MAX_CHARACTERS), metadata, context());
        } catch (EncryptedDocumentException e) {
            throw new UnreadableDocumentException("password-protected ." + extension + " file: cannot read it without the password");
        } catch (ZeroByteFileException e) {
            throw new UnreadableDocumentException("empty file");
        } catch (TikaException e) {
            throw new UnreadableDocumentException("not a readable ." + extension + " file: " + rootMessage(e));
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new UnreadableDocumentException("more than " + MAX_CHARACTERS + " characters of text");
            }
            throw new UnreadableDocumentException("not a readable ." + extension + " file: " + rootMessage(e));
        } catch (IOException e) {
            throw new UnreadableDocumentException("cannot read the ." + extension + " file: " + rootMessage(e));
        }
        String title = Prose.tidy(metadata.get(TikaCoreProperties.TITLE) == null ? "" : metadata.get(TikaCoreProperties.TITLE));
        if (title.isEmpty()) {
            title = fallbackTitle;
        }
        // XML, not HTML, parsing: Tika writes empty elements as <div/>, which an HTML parser leaves open.
        Document document = Jsoup.parse(xhtml.toString(), "", Parser.xmlParser());
        Element body = document.selectFirst("body");
        return new ParsedDocument(title, body == null ? List.of() : ElementBlocks.of(body, title, PAGE_CLASSES, DROPPED_CLASSES));
    }

    private static ParseContext context() {
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractBookmarksText(false); // the outline repeats headings, appended after the last page
        pdf.setExtractInlineImages(false);
        ParseContext context = new ParseContext();
        context.set(PDFParserConfig.class, pdf);
        return context;
    }

    /** The innermost message: "Missing root object specification in trailer", not Tika's "TIKA-198: ...". */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
