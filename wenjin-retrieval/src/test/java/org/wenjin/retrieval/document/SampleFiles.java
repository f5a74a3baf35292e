package org.wenjin.retrieval.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Writes small real documents in the formats ingestion reads through Apache Tika, with the libraries
 * that write them in practice (PDFBox, POI) or, for the zip-of-XML formats, entry by entry as their
 * specifications lay them out. Tests build their inputs instead of shipping binaries.
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** A PDF with one page per string, in Helvetica (the Standard 14 fonts cover Latin-1 only). */
    public static Path pdf(Path file, String title, List<String> pages) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            pdf.getDocumentInformation().setTitle(title);
            for (String text : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 760);
                    content.setLeading(16);
                    for (String line : text.split("\n")) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            pdf.save(file.toFile());
        }
        return file;
    }

    /**
     * A Word document: lines starting with "# " or "## " are headings (Word's "heading 1" and "heading 2"
     * styles), lines with " | " are rows of one table, other lines paragraphs.
     */
    public static Path docx(Path file, String title, List<String> lines) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            if (title != null) {
                doc.getProperties().getCoreProperties().setTitle(title);
            }
            XWPFStyles styles = doc.createStyles();
            styles.addStyle(headingStyle(1));
            styles.addStyle(headingStyle(2));
            XWPFTable table = null;
            for (String line : lines) {
                if (line.contains(" | ")) {
                    String[] cells = line.split(" \\| ");
                    if (table == null) {
                        table = doc.createTable(1, cells.length);
                        fill(table, 0, cells);
                    } else {
                        table.createRow();
                        fill(table, table.getNumberOfRows() - 1, cells);
                    }
                    continue;
                }
                table = null;
                var paragraph = doc.createParagraph();
                if (line.startsWith("## ")) {
                    paragraph.setStyle("Heading2");
                    line = line.substring(3);
                } else if (line.startsWith("# ")) {
                    paragraph.setStyle("Heading1");
                    line = line.substring(2);
                }
                paragraph.createRun().setText(line);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                doc.write(out);
            }
        }
        return file;
    }

    private static void fill(XWPFTable table, int row, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            table.getRow(row).getCell(i).setText(cells[i]);
        }
    }

    private static XWPFStyle headingStyle(int level) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId("Heading" + level);
        style.setType(STStyleType.PARAGRAPH);
        CTString name = CTString.Factory.newInstance();
        name.setVal("heading " + level);
        style.setName(name);
        return new XWPFStyle(style);
    }

    /** A PowerPoint deck with one text box per slide. */
    public static Path pptx(Path file, List<String> slides) throws IOException {
        try (XMLSlideShow deck = new XMLSlideShow()) {
            for (String text : slides) {
                XSLFSlide slide = deck.createSlide();
                slide.createTextBox().setText(text);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                deck.write(out);
            }
        }
        return file;
    }

    /** An Excel workbook: sheet name to rows of cells. */
    public static Path xlsx(Path file, Map<String, List<List<String>>> sheets) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            for (var entry : sheets.entrySet()) {
                XSSFSheet sheet = workbook.createSheet(entry.getKey());
                int r = 0;
                for (List<String> cells : entry.getValue()) {
                    XSSFRow row = sheet.createRow(r++);
                    for (int c = 0; c < cells.size(); c++) {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
        return file;
    }

    /**
     * An OpenDocument text (ODF 1.2 part 3): a stored {@code mimetype} entry first, the manifest, the
     * metadata with the title, and the content with a heading and paragraphs.
     */
    public static Path odt(Path file, String title, String heading, List<String> paragraphs) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<text:h text:outline-level=\"1\">").append(heading).append("</text:h>");
        for (String p : paragraphs) {
            body.append("<text:p>").append(p).append("</text:p>");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/manifest.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
                 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>
                """);
        entries.put("meta.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
                 <office:meta><dc:title>%s</dc:title></office:meta>
                </office:document-meta>
                """.formatted(title));
        entries.put("content.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
                 <office:body><office:text>%s</office:text></office:body>
                </office:document-content>
                """.formatted(body));
        return zipWithMimetype(file, "application/vnd.oasis.opendocument.text", entries);
    }

    /**
     * An EPUB 3 book (EPUB Open Container Format 3.2): the stored {@code mimetype}, the container
     * pointing at the package document, and one XHTML file per chapter in the spine.
     */
    public static Path epub(Path file, String title, Map<String, String> chapters) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/container.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                 <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                </container>
                """);
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder();
        int n = 0;
        for (var chapter : chapters.entrySet()) {
            n++;
            manifest.append("<item id=\"c").append(n).append("\" href=\"c").append(n)
                    .append(".xhtml\" media-type=\"application/xhtml+xml\"/>");
            spine.append("<itemref idref=\"c").append(n).append("\"/>");
            entries.put("OEBPS/c" + n + ".xhtml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml"><head><title>%1$s</title></head>
                    <body><h1>%1$s</h1><p>%2$s</p></body></html>
                    """.formatted(chapter.getKey(), chapter.getValue()));
        }
        entries.put("OEBPS/content.opf", """
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
                 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:identifier id="id">urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</dc:identifier>
                  <dc:title>%s</dc:title><dc:language>zh</dc:language>
                 </metadata>
                 <manifest>%s</manifest>
                 <spine>%s</spine>
                </package>
                """.formatted(title, manifest, spine));
        return zipWithMimetype(file, "application/epub+zip", entries);
    }

    /** Rich Text Format 1.9.1: non-ASCII characters as \\uN? escapes of their UTF-16 code units. */
    public static Path rtf(Path file, List<String> paragraphs) throws IOException {
        StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0 Arial;}}\n\\pard\\f0 ");
        for (String p : paragraphs) {
            for (char c : p.toCharArray()) {
                if (c < 128) {
                    rtf.append(c == '\\' || c == '{' || c == '}' ? "\\" + c : String.valueOf(c));
                } else {
                    rtf.append("\\u").append((short) c).append('?');
                }
            }
            rtf.append("\\par\n");
        }
        rtf.append('}');
        Files.writeString(file, rtf, StandardCharsets.US_ASCII);
        return file;
    }

    /** The first half of a valid PDF: its header is right, but the cross-reference table and trailer are gone. */
    public static Path truncatedPdf(Path file) throws IOException {
        Path whole = Files.createTempFile(file.getParent(), "whole", ".pdf");
        pdf(whole, "Whole", List.of("This document was cut in half on its way here."));
        byte[] bytes = Files.readAllBytes(whole);
        Files.delete(whole);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return file;
    }

    /** A zip archive named .docx that lacks Word's parts ([Content_Types].xml, word/document.xml). */
    public static Path zipNamedDocx(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("not a Word document".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static Path zipWithMimetype(Path file, String mimetype, Map<String, String> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            // The container formats require the mimetype entry first and uncompressed, so readers can sniff it.
            byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            first.setCrc(crc.getValue());
            first.setTime(Calendar.getInstance().getTimeInMillis());
            zip.putNextEntry(first);
            zip.write(type);
            zip.closeEntry();
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().strip().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
