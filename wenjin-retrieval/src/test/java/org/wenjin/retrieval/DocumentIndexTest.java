package org.wenjin.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.retrieval.document.SampleFiles;

class DocumentIndexTest {

    @TempDir
    Path folder;

    private static final String ATTENTION = """
            # Attention

            Self-attention compares every query with every key and mixes the values.

            ## Cost

            Attention cost grows with the square of the sequence length.
            """;

    private static final String QUANTIZATION = """
            # 量化

            量化用更少的比特保存模型参数。4比特量化让七十亿参数的模型只占约4 GB 内存。
            """;

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void ingestsAFolderRecursivelyWithTitlesSectionsAndSources() throws IOException {
        Path attention = write("docs/attention.md", ATTENTION);
        write("docs/zh/quantization.txt", "量化用更少的比特保存模型参数。");
        write("docs/page.html", "<html><head><title>RAG</title></head><body><p>Retrieval before generation.</p></body></html>");
        write("docs/.hidden/secret.md", "# Secret\n\nNot for the index.");
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            IngestReport report = index.ingest(List.of(folder.resolve("docs")), IngestListener.NONE);

            assertThat(report.files()).isEqualTo(3);
            assertThat(report.skipped()).isEmpty();
            assertThat(report.chunks()).isEqualTo(index.chunkCount()).isEqualTo(4);
            assertThat(index.sources()).extracting(SourceInfo::title)
                    .containsExactlyInAnyOrder("Attention", "RAG", "quantization");
            Passage cost = index.search("sequence length cost", 1).getFirst();
            assertThat(cost.source()).isEqualTo(attention.toAbsolutePath().toString());
            assertThat(cost.title()).isEqualTo("Attention");
            assertThat(cost.section()).isEqualTo("Cost");
            assertThat(cost.text()).isEqualTo("Attention cost grows with the square of the sequence length.");
            assertThat(index.search("secret", 5)).isEmpty();
        }
    }

    @Test
    void reIngestingUnchangedFilesWritesNothingAndChangedFilesReplaceTheirChunks() throws IOException {
        Path attention = write("attention.md", ATTENTION);
        write("quantization.md", QUANTIZATION);
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            IngestReport first = index.ingest(List.of(folder), IngestListener.NONE);
            assertThat(first.files()).isEqualTo(2);
            assertThat(first.chunks()).isEqualTo(3);

            List<IngestEvent> events = new ArrayList<>();
            IngestReport again = index.ingest(List.of(folder), events::add);
            assertThat(again.files()).isZero();
            assertThat(again.chunks()).isZero();
            assertThat(events).extracting(IngestEvent::kind)
                    .containsExactly(IngestEvent.Kind.UNCHANGED, IngestEvent.Kind.UNCHANGED);
            assertThat(index.chunkCount()).isEqualTo(3);

            Files.writeString(attention, "# Attention\n\nMulti-head attention runs several heads in parallel.\n");
            IngestReport changed = index.ingest(List.of(folder), IngestListener.NONE);
            assertThat(changed.files()).isEqualTo(1);
            assertThat(changed.chunks()).isEqualTo(1);
            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.search("square of the sequence length", 5)).isEmpty();
            assertThat(index.search("multi-head attention", 1).getFirst().text()).contains("several heads");
            assertThat(index.sources()).filteredOn(s -> s.title().equals("Attention"))
                    .singleElement().extracting(SourceInfo::chunks).isEqualTo(1);
        }
    }

    @Test
    void aCorruptOrBinaryFileIsSkippedWithAReasonAndTheRestAreIngested() throws IOException {
        write("good.md", ATTENTION);
        Path binary = folder.resolve("photo.md");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H'});
        Path garbled = folder.resolve("garbled.txt");
        Files.write(garbled, new byte[] {'o', 'k', ' ', (byte) 0xFF, (byte) 0xFE, (byte) 0xFF, 'x'});
        Path brokenPdf = SampleFiles.truncatedPdf(folder.resolve("broken.pdf"));
        Path fakeDocx = SampleFiles.zipNamedDocx(folder.resolve("fake.docx"));
        Path image = write("diagram.png", "not indexed");
        write("zh.md", QUANTIZATION);
        SampleFiles.pdf(folder.resolve("report.pdf"), "RLHF Report", List.of("A reward model ranks the answers."));
        SampleFiles.docx(folder.resolve("notes.docx"), "会议纪要", List.of("# 评测", "评测集要防止数据污染。"));
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            List<IngestEvent> events = new ArrayList<>();
            IngestReport report = index.ingest(List.of(folder, folder.resolve("missing.md")), events::add);

            assertThat(report.files()).isEqualTo(4);
            assertThat(report.skipped()).extracting(SkippedFile::path).containsExactly(
                    brokenPdf.toString(), image.toString(), fakeDocx.toString(), garbled.toString(), binary.toString(),
                    folder.resolve("missing.md").toString());
            assertThat(report.skipped()).extracting(SkippedFile::reason).satisfiesExactly(
                    r -> assertThat(r).startsWith("not a readable .pdf file: "),
                    r -> assertThat(r).startsWith("unsupported format .png; supported: ").contains("docx", "md", "pdf"),
                    r -> assertThat(r).startsWith("not a readable .docx file: "),
                    r -> assertThat(r).startsWith("not valid UTF-8 (bad byte at offset 3)"),
                    r -> assertThat(r).startsWith("binary content: NUL byte at offset 8"),
                    r -> assertThat(r).isEqualTo("no such file or folder"));
            assertThat(events).filteredOn(e -> e.kind() == IngestEvent.Kind.SKIPPED).hasSize(6);
            assertThat(index.search("self-attention", 1)).isNotEmpty();
            assertThat(index.search("量化", 1)).isNotEmpty();
            Passage reward = index.search("reward model", 1).getFirst();
            assertThat(reward.title()).isEqualTo("RLHF Report");
            assertThat(reward.section()).isEqualTo("page 1");
            Passage contamination = index.search("数据污染", 1).getFirst();
            assertThat(contamination.title()).isEqualTo("会议纪要");
            assertThat(contamination.section()).isEqualTo("评测");
        }
    }

    @Test
    void ingestionSaysHowManyFilesItWillReadBeforeReadingThem() throws IOException {
        write("docs/attention.md", ATTENTION);
        write("docs/zh/quantization.md", QUANTIZATION);
        Path single = write("notes.txt", "RLHF has three steps.");
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            List<String> heard = new ArrayList<>();
            index.ingest(List.of(folder.resolve("docs"), single), new IngestListener() {
                @Override
                public void onStart(int files) {
                    heard.add("start " + files);
                }

                @Override
                public void onSource(IngestEvent event) {
                    heard.add(event.kind() + " " + Path.of(event.source()).getFileName());
                }
            });
            assertThat(heard).containsExactly(
                    "start 3", "INDEXED attention.md", "INDEXED quantization.md", "INDEXED notes.txt");
        }
    }

    @Test
    void anUploadIsIngestedFromItsBytesUnderTheSourceItIsGiven() throws IOException {
        Path docx = SampleFiles.docx(folder.resolve("会议纪要.docx"), null, List.of("# 评测", "评测集要防止数据污染。"));
        byte[] bytes = Files.readAllBytes(docx);
        Instant uploaded = Instant.parse("2025-06-01T08:00:00Z");
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            IngestReport first = index.ingestBytes("upload:42", "会议纪要.docx", bytes, uploaded);
            assertThat(first.files()).isEqualTo(1);
            Passage hit = index.search("数据污染", 1).getFirst();
            assertThat(hit.source()).isEqualTo("upload:42");
            assertThat(hit.title()).isEqualTo("会议纪要");
            assertThat(index.sources()).singleElement().extracting(SourceInfo::modified).isEqualTo(uploaded);
            assertThat(index.ingestBytes("upload:42", "会议纪要.docx", bytes, uploaded).files()).isZero();

            byte[] broken = Files.readAllBytes(SampleFiles.truncatedPdf(folder.resolve("cut.pdf")));
            IngestReport skipped = index.ingestBytes("upload:43", "cut.pdf", broken, uploaded);
            assertThat(skipped.files()).isZero();
            assertThat(skipped.skipped()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo("cut.pdf");
                assertThat(s.reason()).startsWith("not a readable .pdf file: ");
            });
            assertThat(index.ingestBytes("upload:44", "photo.png", new byte[] {1, 2}, uploaded).skipped())
                    .singleElement().extracting(SkippedFile::reason).asString().startsWith("unsupported format .png");
            assertThat(index.sources()).extracting(SourceInfo::source).containsExactly("upload:42");
        }
    }

    @Test
    void aCitedPassageCanBeShownWithThePassagesAroundIt() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingestText("history", null, """
                    # History

                    ## 2017
                    The Transformer is published.

                    ## 2018
                    BERT and GPT-1 follow.

                    ## 2020
                    GPT-3 shows in-context learning.

                    ## 2022
                    ChatGPT is released.
                    """);
            Passage cited = index.search("BERT GPT-1", 1).getFirst();
            assertThat(index.context(cited.chunkId(), 1)).extracting(Passage::section).containsExactly("2017", "2018", "2020");
            assertThat(index.context(cited.chunkId(), 0)).extracting(Passage::chunkId).containsExactly(cited.chunkId());
            assertThat(index.context(cited.chunkId(), 9)).hasSize(4);
            assertThat(index.context("no-such-chunk", 1)).isEmpty();
        }
    }

    @Test
    void aFileThatBecomesUnreadableKeepsItsEarlierChunks() throws IOException {
        Path file = write("attention.md", ATTENTION);
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingest(List.of(file), IngestListener.NONE);
            Files.write(file, new byte[] {'#', ' ', 0, 0, 0});
            IngestReport report = index.ingest(List.of(file), IngestListener.NONE);
            assertThat(report.skipped()).singleElement().extracting(SkippedFile::reason).asString().startsWith("binary");
            assertThat(index.chunkCount()).isEqualTo(2);
        }
    }

    @Test
    void encodingsAreDetectedPerFile() throws IOException {
        Files.write(folder.resolve("gbk.txt"), "百度的文心一言采用知识增强技术。".getBytes(Charset.forName("GBK")));
        byte[] utf16 = "通义千问是阿里云的大模型。".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[utf16.length + 2];
        withMark[0] = (byte) 0xFF;
        withMark[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withMark, 2, utf16.length);
        Files.write(folder.resolve("utf16.txt"), withMark);
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            assertThat(index.ingest(List.of(folder), IngestListener.NONE).skipped()).isEmpty();
            assertThat(index.search("文心一言", 1).getFirst().text()).isEqualTo("百度的文心一言采用知识增强技术。");
            assertThat(index.search("通义千问", 1).getFirst().text()).isEqualTo("通义千问是阿里云的大模型。");
        }
    }

    @Test
    void removingASourceRemovesAllItsChunks() throws IOException {
        Path attention = write("attention.md", ATTENTION);
        write("quantization.md", QUANTIZATION);
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingest(List.of(folder), IngestListener.NONE);
            assertThat(index.chunkCount()).isEqualTo(3);

            assertThat(index.removeSource(attention.toAbsolutePath().toString())).isTrue();

            assertThat(index.chunkCount()).isEqualTo(1);
            assertThat(index.search("attention", 5)).isEmpty();
            assertThat(index.sources()).extracting(SourceInfo::title).containsExactly("量化");
            assertThat(index.removeSource(attention.toString())).isFalse();
        }
    }

    @Test
    void aFileDeletedFromAnIngestedFolderIsRemovedOnTheNextIngest() throws IOException {
        Path attention = write("attention.md", ATTENTION);
        write("quantization.md", QUANTIZATION);
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingest(List.of(folder), IngestListener.NONE);
            Files.delete(attention);
            List<IngestEvent> events = new ArrayList<>();
            index.ingest(List.of(folder), events::add);
            assertThat(events).extracting(IngestEvent::kind)
                    .containsExactly(IngestEvent.Kind.UNCHANGED, IngestEvent.Kind.REMOVED);
            assertThat(index.chunkCount()).isEqualTo(1);
        }
    }

    @Test
    void theIndexOnDiskSurvivesReopeningAndStaysIncremental() throws IOException {
        write("docs/attention.md", ATTENTION);
        Path indexDir = folder.resolve("index");
        String chunkId;
        try (DocumentIndex index = DocumentIndex.open(indexDir)) {
            index.ingest(List.of(folder.resolve("docs")), IngestListener.NONE);
            chunkId = index.search("self-attention", 1).getFirst().chunkId();
        }
        try (DocumentIndex index = DocumentIndex.open(indexDir)) {
            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.passage(chunkId)).get().extracting(Passage::text).asString().startsWith("Self-attention");
            assertThat(index.ingest(List.of(folder.resolve("docs")), IngestListener.NONE).files()).isZero();
        }
    }

    @Test
    void anIndexOpenTwiceIsRefusedWithAClearMessage() {
        Path indexDir = folder.resolve("index");
        try (DocumentIndex _ = DocumentIndex.open(indexDir)) {
            assertThatThrownBy(() -> DocumentIndex.open(indexDir))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(indexDir.toString())
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void ingestedTextIsSearchableAndReplacedWhenItChanges() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            IngestReport first = index.ingestText("notes:1", null, "# 笔记\n\n文心一言发布于2023年3月。");
            assertThat(first.files()).isEqualTo(1);
            assertThat(index.ingestText("notes:1", null, "# 笔记\n\n文心一言发布于2023年3月。").files()).isZero();
            index.ingestText("notes:1", "新标题", "通义千问发布于2023年4月。");
            assertThat(index.chunkCount()).isEqualTo(1);
            Passage passage = index.search("通义千问", 1).getFirst();
            assertThat(passage.title()).isEqualTo("新标题");
            assertThat(passage.source()).isEqualTo("notes:1");
            assertThat(index.search("文心一言", 1)).isEmpty();
        }
    }

    @Test
    void chunkIdsStayTheSameWhenTheSourceIsUnchangedAndFetchThePassage() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingestText("a", null, ATTENTION);
            Passage hit = index.search("square of the sequence length", 1).getFirst();
            assertThat(index.passage(hit.chunkId())).get()
                    .isEqualTo(new Passage(hit.chunkId(), "a", "Attention", "Cost", hit.text(), 0));
            assertThat(index.passage("no-such-chunk")).isEmpty();
        }
    }

    @Test
    void nearDuplicatePassagesAppearOnceInResults() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingestText("copy-1", "One", "BERT was trained on the BooksCorpus and English Wikipedia.");
            index.ingestText("copy-2", "Two", "BERT was trained on the BooksCorpus and the English Wikipedia!");
            index.ingestText("other", "Three", "GPT-2 was trained on WebText, pages linked from Reddit.");
            List<Passage> results = index.search("what was BERT trained on", 5);
            assertThat(results).hasSize(2);
            assertThat(results.getFirst().source()).isIn("copy-1", "copy-2");
            assertThat(results.getLast().source()).isEqualTo("other");
        }
    }

    @Test
    void scoresLieBetweenZeroAndOneAndFallWithWeakerMatches() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingestText("a", "A", "Quantization stores weights in four bits.");
            index.ingestText("b", "B", "Weights are the parameters of a model.");
            List<Passage> results = index.search("quantization weights", 5);
            assertThat(results).extracting(Passage::source).containsExactly("a", "b");
            assertThat(results).allSatisfy(p -> assertThat(p.score()).isBetween(0.0, 1.0));
            assertThat(results.get(0).score()).isGreaterThan(2 * results.get(1).score());
        }
    }

    @Test
    void questionsWithNothingToSearchForReturnNothing() {
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingestText("a", null, ATTENTION);
            assertThat(index.search("", 5)).isEmpty();
            assertThat(index.search("   ", 5)).isEmpty();
            assertThat(index.search("what is the", 5)).isEmpty();
            assertThat(index.search("是什么？", 5)).isEmpty();
            assertThatThrownBy(() -> index.search("attention", 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedIndexRefusesWork() {
        DocumentIndex index = DocumentIndex.inMemory();
        index.close();
        index.close();
        assertThatThrownBy(() -> index.search("x", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::chunkCount).isInstanceOf(IllegalStateException.class);
    }
}
