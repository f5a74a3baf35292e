package org.wenjin.retrieval.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PDF, Office, OpenDocument, EPUB and RTF files become titled blocks under pages, slides, sheets or headings. */
class TikaParserTest {

    @TempDir
    Path folder;

    private static ParsedDocument parse(Path file) throws IOException, UnreadableDocumentException {
        String name = file.getFileName().toString();
        DocumentParser parser = DocumentFormats.forFileName(name).orElseThrow();
        return parser.parse(Files.readAllBytes(file), DocumentFormats.baseName(name));
    }

    @Test
    void aPdfHasItsOwnTitleAndEachPageIsASection() throws Exception {
        Path pdf = SampleFiles.pdf(folder.resolve("attention.pdf"), "Attention Notes", List.of(
                "Self-attention compares every query with every key.\nIt then mixes the values.",
                "Attention cost grows with the square of the sequence length."));

        ParsedDocument parsed = parse(pdf);

        assertThat(parsed.title()).isEqualTo("Attention Notes");
        assertThat(parsed.blocks()).extracting(Block::section, Block::text).containsExactly(
                tuple("page 1",
                        "Self-attention compares every query with every key. It then mixes the values."),
                tuple("page 2",
                        "Attention cost grows with the square of the sequence length."));
    }

    @Test
    void aWordDocumentKeepsItsHeadingsAndATableIsOneBlockWithALinePerRow() throws Exception {
        Path docx = SampleFiles.docx(folder.resolve("notes.docx"), "量化笔记", List.of(
                "# 量化", "量化用更少的比特保存模型参数。",
                "## 格式", "格式 | 比特", "Q4_0 | 4", "Q8_0 | 8", "GGUF 是 llama.cpp 使用的文件格式。"));

        ParsedDocument parsed = parse(docx);

        assertThat(parsed.title()).isEqualTo("量化笔记");
        assertThat(parsed.blocks()).extracting(Block::section)
                .containsExactly("量化", "量化 > 格式", "量化 > 格式");
        Block table = parsed.blocks().get(1);
        assertThat(table.text()).isEqualTo("格式 | 比特\nQ4_0 | 4\nQ8_0 | 8");
        assertThat(table.layout()).isEqualTo(Block.Layout.LINES);
        assertThat(parsed.blocks().get(2).text()).isEqualTo("GGUF 是 llama.cpp 使用的文件格式。");
    }

    @Test
    void aWordDocumentWithoutATitleIsNamedAfterItsFile() throws Exception {
        Path docx = SampleFiles.docx(folder.resolve("会议纪要.docx"), null, List.of("第一项：评测集。"));
        assertThat(parse(docx).title()).isEqualTo("会议纪要");
    }

    @Test
    void eachSlideIsASectionAndMasterTextIsLeftOut() throws Exception {
        Path pptx = SampleFiles.pptx(folder.resolve("deck.pptx"),
                List.of("RLHF has three steps.", "A reward model ranks answers."));

        ParsedDocument parsed = parse(pptx);

        assertThat(parsed.title()).isEqualTo("deck");
        assertThat(parsed.blocks()).extracting(Block::section, Block::text).containsExactly(
                tuple("slide 1", "RLHF has three steps."),
                tuple("slide 2", "A reward model ranks answers."));
    }

    @Test
    void eachSheetIsASectionWithARowPerLine() throws Exception {
        Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
        sheets.put("Models", List.of(List.of("name", "parameters"), List.of("GPT-3", "175B")));
        sheets.put("模型", List.of(List.of("名称", "参数"), List.of("Qwen-7B", "70亿")));

        ParsedDocument parsed = parse(SampleFiles.xlsx(folder.resolve("models.xlsx"), sheets));

        assertThat(parsed.blocks()).extracting(Block::section, Block::text).containsExactly(
                tuple("Models", "name | parameters\nGPT-3 | 175B"),
                tuple("模型", "名称 | 参数\nQwen-7B | 70亿"));
    }

    @Test
    void openDocumentEpubAndRtfAreReadToo() throws Exception {
        ParsedDocument odt = parse(SampleFiles.odt(folder.resolve("bpe.odt"), "分词", "字节级 BPE",
                List.of("字节级 BPE 从 256 个字节开始合并。", "It never meets an unknown character.")));
        assertThat(odt.title()).isEqualTo("分词");
        assertThat(odt.blocks()).extracting(Block::section).containsOnly("字节级 BPE");
        assertThat(odt.blocks()).extracting(Block::text)
                .containsExactly("字节级 BPE 从 256 个字节开始合并。", "It never meets an unknown character.");

        Map<String, String> chapters = new LinkedHashMap<>();
        chapters.put("第一章 Transformer", "2017年，Transformer 问世。");
        chapters.put("第二章 BERT", "2018年，BERT 刷新了十一项任务的纪录。");
        ParsedDocument epub = parse(SampleFiles.epub(folder.resolve("history.epub"), "大模型简史", chapters));
        assertThat(epub.title()).isEqualTo("大模型简史");
        assertThat(epub.blocks()).extracting(Block::section, Block::text).containsExactly(
                tuple("第一章 Transformer", "2017年，Transformer 问世。"),
                tuple("第二章 BERT", "2018年，BERT 刷新了十一项任务的纪录。"));

        ParsedDocument rtf = parse(SampleFiles.rtf(folder.resolve("rlhf.rtf"),
                List.of("RLHF 分三步。", "Reward models rank answers.")));
        assertThat(rtf.blocks()).extracting(Block::text).containsExactly("RLHF 分三步。", "Reward models rank answers.");
    }

    @Test
    void aBrokenFileIsRefusedWithAReasonNamingItsFormat() throws Exception {
        assertThatThrownBy(() -> parse(SampleFiles.truncatedPdf(folder.resolve("cut.pdf"))))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageStartingWith("not a readable .pdf file: ");
        assertThatThrownBy(() -> parse(SampleFiles.zipNamedDocx(folder.resolve("fake.docx"))))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageStartingWith("not a readable .docx file: ")
                .hasMessageContaining("content type");
        Path empty = Files.createFile(folder.resolve("empty.pptx"));
        assertThatThrownBy(() -> parse(empty)).hasMessage("empty file");
    }

    @Test
    void thePdfAndOfficeExtensionsAreRegistered() {
        assertThat(DocumentFormats.extensions())
                .contains("pdf", "docx", "doc", "pptx", "ppt", "xlsx", "xls", "odt", "ods", "odp", "epub", "rtf")
                .contains("txt", "md", "html");
    }
}
