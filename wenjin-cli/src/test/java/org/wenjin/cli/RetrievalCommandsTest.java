package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wenjin ingest}, {@code search} and {@code sources} over a folder of mixed files, one of them broken. */
class RetrievalCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path data;
    private Path docs;

    @BeforeEach
    void writeAFolderOfMixedFiles() throws IOException {
        data = temp.resolve("data");
        docs = Files.createDirectories(temp.resolve("docs"));
        Files.writeString(docs.resolve("attention.md"), """
                # Attention

                Self-attention compares every query with every key and mixes the values.
                """);
        try (XWPFDocument word = new XWPFDocument(); OutputStream out = Files.newOutputStream(docs.resolve("量化.docx"))) {
            word.getProperties().getCoreProperties().setTitle("量化笔记");
            word.createParagraph().createRun().setText("量化用更少的比特保存模型参数，4比特量化让七十亿参数的模型只占约4 GB 内存。");
            word.write(out);
        }
        Path pdf = docs.resolve("rlhf.pdf");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("RLHF trains a reward model from human rankings of answers.");
                content.endText();
            }
            document.save(pdf.toFile());
        }
        byte[] whole = Files.readAllBytes(pdf);
        Files.write(docs.resolve("broken.pdf"), Arrays.copyOf(whole, whole.length / 2));
    }

    private CliRun run(String... args) {
        String[] withData = new String[args.length + 2];
        System.arraycopy(args, 0, withData, 0, args.length);
        withData[args.length] = "--data";
        withData[args.length + 1] = data.toString();
        return CliRun.of(withData);
    }

    @Test
    void ingestReportsWhatItIndexedAndSkipsTheBrokenPdfWithItsReason() throws Exception {
        CliRun ingest = run("ingest", docs.toString(), "--json");

        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        JsonNode report = JSON.readTree(ingest.out());
        assertThat(report.get("files").asInt()).isEqualTo(3);
        assertThat(report.get("chunks").asInt()).isEqualTo(3);
        assertThat(report.get("skipped")).hasSize(1);
        assertThat(report.get("skipped").get(0).get("path").asText()).isEqualTo(docs.resolve("broken.pdf").toString());
        assertThat(report.get("skipped").get(0).get("reason").asText()).startsWith("not a readable .pdf file: ");
        assertThat(ingest.err()).contains("4/4 files", "3 chunks", "chunks/s", "1 skipped");

        CliRun again = run("ingest", docs.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("Indexed 0 files (0 chunks)").contains("broken.pdf: not a readable .pdf file");
        assertThat(again.err()).contains("3 unchanged");
    }

    @Test
    void searchPrintsTheBestPassagesWithTheirSourcesInEveryMode() throws Exception {
        run("ingest", docs.toString());

        for (String mode : new String[] {"hybrid", "bm25", "vector"}) {
            CliRun search = run("search", "4比特量化的模型要多少内存", "-k", "2", "--mode", mode, "--json");
            assertThat(search.exitCode()).as(search.err()).isZero();
            JsonNode top = JSON.readTree(search.out()).get("results").get(0);
            assertThat(top.get("source").asText()).as(mode).isEqualTo(docs.resolve("量化.docx").toString());
            assertThat(top.get("title").asText()).isEqualTo("量化笔记");
            assertThat(top.get("chunk_id").asText()).isNotBlank();
            assertThat(top.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(top.get("text").asText()).contains("4 GB");
        }

        CliRun text = run("search", "reward model", "--source", docs.resolve("rlhf").toString());
        assertThat(text.out()).startsWith("[1] rlhf › page 1").contains("RLHF trains a reward model");
        assertThat(text.out()).doesNotContain("[2]");

        CliRun nothing = run("search", "reward model", "--title", "量化笔记", "--mode", "bm25");
        assertThat(nothing.out()).isEqualTo("No passages match.\n");
    }

    @Test
    void anUnknownModeIsAUsageError() {
        CliRun search = run("search", "attention", "--mode", "dense");
        assertThat(search.exitCode()).isEqualTo(2);
        assertThat(search.err()).contains("unknown search mode \"dense\"; expected one of [hybrid, bm25, vector]");
    }

    @Test
    void sourcesAreListedAndRemovedWithTheirChunks() throws Exception {
        run("ingest", docs.toString());

        JsonNode listed = JSON.readTree(run("sources", "list", "--json").out()).get("sources");
        assertThat(listed).hasSize(3);
        assertThat(listed.findValuesAsText("title")).containsExactlyInAnyOrder("Attention", "量化笔记", "rlhf");

        String attention = docs.resolve("attention.md").toString();
        CliRun remove = run("sources", "remove", attention);
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(remove.out()).isEqualTo("Removed " + attention + " (1 chunks).\n");

        CliRun list = run("sources", "list");
        assertThat(list.out()).doesNotContain(attention).contains("2 sources, 2 chunks");
        assertThat(JSON.readTree(run("search", "self-attention", "--json").out()).get("results").findValuesAsText("source"))
                .doesNotContain(attention);

        CliRun again = run("sources", "remove", attention);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no source " + attention + " in the index");
    }

    @Test
    void ingestedDocumentsAnswerQuestionsInBothLanguagesWithCitations() throws Exception {
        run("ingest", docs.toString());

        JsonNode english = JSON.readTree(run("ask", "--json", "How does RLHF train its reward model?").out());
        assertThat(english.get("answer").asText()).contains("[");
        assertThat(english.get("citations").findValuesAsText("source")).contains(docs.resolve("rlhf.pdf").toString());

        JsonNode chinese = JSON.readTree(run("ask", "--json", "4比特量化后模型占多少内存？").out());
        assertThat(chinese.get("answer").asText()).contains("4 GB");
        assertThat(chinese.get("citations").findValuesAsText("source")).contains(docs.resolve("量化.docx").toString());
    }
}
