package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.importing.Syntax;

/** Export writes the asserted statements in every import format, so an exported file imports back to the same graph. */
class ExportTest {
    @TempDir
    Path dir;

    private static String nTriples(KnowledgeGraph graph) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        graph.export(out, Syntax.N_TRIPLES);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDemoGraphRoundTripsThroughEveryFormat() throws IOException {
        KnowledgeGraph demo = DemoGraph.get();
        String expected = nTriples(demo);
        for (Syntax syntax : Syntax.values()) {
            Path file = dir.resolve("demo" + syntax.extension());
            long written;
            try (OutputStream out = Files.newOutputStream(file)) {
                written = demo.export(out, syntax);
            }
            try (KnowledgeGraph copy = KnowledgeGraph.inMemory()) {
                copy.importFile(file);

                assertThat(written).as(syntax.name()).isEqualTo(demo.tripleCount());
                assertThat(copy.tripleCount()).as(syntax.name()).isEqualTo(demo.tripleCount());
                assertThat(copy.inferredCount()).as(syntax.name()).isEqualTo(demo.inferredCount());
                assertThat(nTriples(copy)).as(syntax.name()).isEqualTo(expected);
                assertThat(copy.answer("文心一言是哪家公司开发的?").map(DirectAnswer::text)).contains("文心一言的开发者是百度。");
            }
        }
    }

    @Test
    void literalsWithSeparatorsQuotesAndLineBreaksSurviveCsvAndTsv() throws IOException {
        String turtle = """
                @prefix ex: <http://example.org/> .
                ex:a ex:note "one, two" , "say \\"hi\\"" , "line 1\\nline 2" , "tab\\there" , "标签"@zh ;
                     ex:count 3 ; ex:knows _:someone .
                _:someone ex:name "匿名" .
                """;
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importFile(Files.writeString(dir.resolve("notes.ttl"), turtle));
            String expected = nTriples(graph);
            for (Syntax table : List.of(Syntax.CSV, Syntax.TSV)) {
                Path file = dir.resolve("notes" + table.extension());
                try (OutputStream out = Files.newOutputStream(file)) {
                    graph.export(out, table);
                }
                try (KnowledgeGraph copy = KnowledgeGraph.inMemory()) {
                    copy.importFile(file);

                    // Blank node labels differ from file to file; everything else is the same.
                    assertThat(nTriples(copy).replaceAll("_:\\S+", "_:b")).as(table.name())
                            .isEqualTo(expected.replaceAll("_:\\S+", "_:b"));
                }
            }
            assertThat(Files.readString(dir.resolve("notes.tsv")).lines())
                    .as("one statement per line, even for a literal with a line break").hasSize(1 + 8);
        }
    }

    @Test
    void anExportIsSortedAndTheSameEveryTime() {
        String first = nTriples(DemoGraph.get());

        assertThat(nTriples(DemoGraph.get())).isEqualTo(first);
        assertThat(first.lines().toList()).isSorted();
    }

    @Test
    void importReportsProgressThroughEveryFileAndThenTheCommit() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 2 * (1 << 20) + 1000; i++) {
            big.append("<http://example.org/item/").append(i).append("> <http://example.org/position> \"")
                    .append(i).append("\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
        }
        Path large = Files.writeString(dir.resolve("large.nt"), big);
        Path small = Files.writeString(dir.resolve("small.ttl"), "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n");
        long total = Files.size(large) + Files.size(small);
        List<ImportProgress> events = new ArrayList<>();

        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            List<ImportReport> reports = graph.importFiles(List.of(large, small), events::add);

            assertThat(reports).extracting(ImportReport::source).containsExactly("large.nt", "small.ttl");
        }
        List<ImportProgress> reading = events.stream().filter(e -> e.phase() == ImportProgress.Phase.READING).toList();
        assertThat(reading).allSatisfy(e -> assertThat(e.total()).isEqualTo(total));
        assertThat(reading).extracting(ImportProgress::done).isSorted();
        assertThat(reading.stream().filter(e -> e.source().equals("large.nt")).count())
                .as("a report as the file starts and one per mebibyte read").isGreaterThanOrEqualTo(3);
        assertThat(reading.getLast().source()).isEqualTo("small.ttl");
        assertThat(events.subList(events.size() - 2, events.size())).extracting(ImportProgress::phase, ImportProgress::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ImportProgress.Phase.COMMITTING, total),
                        org.assertj.core.groups.Tuple.tuple(ImportProgress.Phase.DONE, total));
    }
}
