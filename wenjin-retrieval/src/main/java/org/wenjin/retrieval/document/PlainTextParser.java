package org.wenjin.retrieval.document;

import java.util.ArrayList;
import java.util.List;

/** Plain text: paragraphs are separated by blank lines; there are no headings, so the file name is the title. */
final class PlainTextParser implements DocumentParser {

    @Override
    public ParsedDocument parse(byte[] content, String fallbackTitle) throws UnreadableDocumentException {
        String text = TextDecoder.decode(content);
        List<Block> blocks = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            if (line.isBlank()) {
                flush(paragraph, blocks);
            } else {
                paragraph.add(line.strip());
            }
        }
        flush(paragraph, blocks);
        return new ParsedDocument(fallbackTitle, blocks);
    }

    private static void flush(List<String> paragraph, List<Block> blocks) {
        if (!paragraph.isEmpty()) {
            blocks.add(new Block(0, "", Prose.joinLines(paragraph), Block.Layout.PROSE));
            paragraph.clear();
        }
    }
}
