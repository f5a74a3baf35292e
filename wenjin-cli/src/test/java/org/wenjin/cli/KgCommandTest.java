package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wenjin kg ...} over a data directory's graph: import, export, query, link, facts, to-sft, extract. */
class KgCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");
    private static final String COMPANIES = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            ex:Company a owl:Class ; rdfs:label "company"@en , "公司"@zh .
            ex:City a owl:Class ; rdfs:label "city"@en , "城市"@zh .
            ex:headquarters rdfs:domain ex:Company ; rdfs:range ex:City ; rdfs:label "headquarters"@en , "总部"@zh .
            ex:Baidu rdfs:label "Baidu"@en , "百度"@zh ; ex:headquarters ex:Beijing .
            ex:Beijing rdfs:label "Beijing"@en , "北京"@zh .
            """;
    private static final String FOUNDERS = """
            subject,predicate,object,lang
            http://example.org/founder,rdfs:label,founder,en
            http://example.org/founder,rdfs:label,创始人,zh
            http://example.org/Baidu,http://example.org/founder,<http://example.org/RobinLi>,
            http://example.org/RobinLi,rdfs:label,李彦宏,zh
            http://example.org/RobinLi,rdfs:label,Robin Li,en
            """;

    /** A data directory with both files imported, for the tests that only read the graph. */
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void importBothIntoTheSharedDirectory() throws IOException {
        Path ttl = Files.writeString(shared.resolve("companies.ttl"), COMPANIES);
        Path csv = Files.writeString(shared.resolve("founders.csv"), FOUNDERS);
        CliRun run = kg(shared, "import", ttl.toString(), csv.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    /** {@code wenjin kg SUBCOMMAND --data=DIR/data ARGS...}. */
    private static CliRun kg(Path base, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "kg";
        all[1] = args[0];
        all[2] = "--data=" + base.resolve("data");
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return CliRun.of(all);
    }

    private CliRun kg(String... args) {
        return kg(dir, args);
    }

    private static CliRun shared(String... args) {
        return kg(shared, args);
    }

    @Test
    void importsSeveralFilesWithAProgressBarAndSaysWhatTheGraphHolds() throws IOException {
        Path ttl = Files.writeString(dir.resolve("companies.ttl"), COMPANIES);
        Path csv = Files.writeString(dir.resolve("founders.csv"), FOUNDERS);

        CliRun run = kg("import", ttl.toString(), csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("companies.ttl: 15 statements", "founders.csv: 5 statements",
                "The graph has 20 statements and 2 inferred from them, from 2 sources");
        assertThat(run.err()).contains("Reading [", "100%", "Storing and reasoning...");
        CliRun stats = kg("stats");
        assertThat(stats.out()).contains("statements: 20", "inferred:   2", "  companies.ttl", "  founders.csv", "prp-trp");
    }

    @Test
    void aMalformedFileIsNamedWithItsLineAndImportsNothing() throws IOException {
        Path ttl = Files.writeString(dir.resolve("companies.ttl"), COMPANIES);
        assertThat(kg("import", ttl.toString()).exitCode()).isZero();
        Path good = Files.writeString(dir.resolve("more.ttl"), "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n");
        Path bad = Files.writeString(dir.resolve("bad.ttl"), "@prefix ex: <http://example.org/> .\nex:a ex:b nope:c .\n");

        CliRun run = kg("import", good.toString(), bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: bad.ttl:2:11: Undefined prefix: nope");
        assertThat(kg("stats").out()).contains("statements: 15").doesNotContain("more.ttl");
    }

    @Test
    void exportsInTheFormatTheFileNamesOrTheFlagGives() throws IOException {
        Path nt = dir.resolve("graph.nt");
        Path table = dir.resolve("graph.txt");

        assertThat(shared("export", "-o", nt.toString()).out()).contains("Wrote 20 statements to " + nt);
        assertThat(shared("export", "-o", table.toString(), "--format", "csv").exitCode()).isZero();

        assertThat(Files.readAllLines(nt)).hasSize(20).contains(
                "<http://example.org/Baidu> <http://example.org/headquarters> <http://example.org/Beijing> .");
        assertThat(Files.readAllLines(table)).hasSize(21).first().isEqualTo("subject,predicate,object");
        CliRun unknown = shared("export", "-o", dir.resolve("graph.xml").toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("cannot tell the format from 'graph.xml'");
    }

    @Test
    void queriesAreReadOnlyAndBadOnesAreExplained() throws IOException {

        CliRun count = shared("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://example.org/headquarters> ?o } }");
        CliRun ask = shared("query", "--json", "ASK { GRAPH ?g { <http://example.org/Baidu> ?p ?o } }");
        CliRun construct = shared("query", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s <http://example.org/founder> ?o . ?s ?p ?o } }");
        CliRun update = shared("query", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }");
        CliRun broken = shared("query", "SELECT ?s WHERE { ?s ?p }");

        assertThat(count.out()).contains("| 1 |");
        assertThat(JSON.readTree(ask.out()).get("boolean").asBoolean()).isTrue();
        assertThat(construct.out()).contains("<http://example.org/RobinLi>");
        assertThat(update.exitCode()).isEqualTo(1);
        assertThat(update.err()).startsWith("error: not a SPARQL query:").contains("INSERT");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("line 1, column");
        assertThat(shared("stats").out()).contains("statements: 20");
    }

    @Test
    void linksAndFactsAsJson() throws Exception {

        JsonNode links = JSON.readTree(shared("link", "--json", "百度的创始人是谁?").out()).get("links");
        JsonNode facts = JSON.readTree(shared("facts", "--json", "百度的创始人是谁?").out()).get("facts");

        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("text").asText()).isEqualTo("百度");
        assertThat(links.get(0).get("entity").asText()).isEqualTo("http://example.org/Baidu");
        assertThat(links.get(0).get("start").asInt()).isZero();
        assertThat(links.get(0).get("end").asInt()).isEqualTo(2);
        assertThat(links.get(0).get("score").asDouble()).isPositive();
        JsonNode first = facts.get(0);
        assertThat(first.get("subject").asText()).isEqualTo("百度");
        assertThat(first.get("predicate").asText()).isEqualTo("创始人");
        assertThat(first.get("object").asText()).isEqualTo("李彦宏");
        assertThat(first.get("inferred").asBoolean()).isFalse();
        assertThat(first.get("source").asText()).isEqualTo("founders.csv");
        assertThat(first.get("score").asDouble()).isGreaterThan(facts.get(facts.size() - 1).get("score").asDouble());
        assertThat(facts).anySatisfy(f -> {
            assertThat(f.get("inferred").asBoolean()).isTrue();
            assertThat(f.get("rule").asText()).isEqualTo("rdfs2");
        });
    }

    @Test
    void toSftWritesTheSameJsonlForTheSameSeed() throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");

        CliRun run = shared("to-sft", "-o", first.toString(), "--seed", "7");
        shared("to-sft", "-o", second.toString(), "--seed", "7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Wrote ").contains("samples about", "to " + first);
        List<String> lines = Files.readAllLines(first);
        assertThat(lines).isNotEmpty().isEqualTo(Files.readAllLines(second));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("百度的创始人是李彦宏。"));
        JsonNode sample = JSON.readTree(lines.getFirst());
        assertThat(sample.get("messages")).extracting(m -> m.get("role").asText()).containsExactly("system", "user", "assistant");
    }

    @Test
    void extractNeedsAModelAndWithOneReportsWhatItRefused() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.md"), "Alibaba's headquarters are in Hangzhou.\n");

        CliRun noModel = shared("extract", notes.toString());
        CliRun local = shared("extract", notes.toString(), "--model", STORIES.toString(), "--max-tokens", "32");

        assertThat(noModel.exitCode()).isEqualTo(1);
        assertThat(noModel.err()).contains("extraction needs a model");
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(local.out()).contains("notes.md: 1 passages extracted, 0 unchanged, 0 removed; 0 statements accepted, 1 refused",
                "  refused notes.md#", "the reply holds no JSON", "0 statements accepted, 1 refused; the graph has 20 statements.");
    }

    @Test
    void extractReadsEveryFormatThatIngestReads() throws IOException {
        Path html = Files.writeString(dir.resolve("notes.html"), "<html><head><title>Notes</title></head><body>"
                + "<p>Alibaba's headquarters are in Hangzhou.</p><script>ignored()</script></body></html>");
        Path docx = dir.resolve("report.docx");
        try (XWPFDocument document = new XWPFDocument(); OutputStream file = Files.newOutputStream(docx)) {
            document.createParagraph().createRun().setText("Tencent's headquarters are in Shenzhen.");
            document.createParagraph().createRun().setText("腾讯的总部在深圳。");
            document.write(file);
        }
        Path unknown = Files.writeString(dir.resolve("table.xyz"), "a,b\n");

        CliRun run = shared("extract", html.toString(), docx.toString(), "--model", STORIES.toString(), "--max-tokens", "16");
        CliRun refused = shared("extract", unknown.toString(), "--model", STORIES.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("notes.html: 1 passages extracted", "report.docx: 1 passages extracted",
                "  refused report.docx#", "  refused notes.html#");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("table.xyz: unsupported format; expected one of [", "docx", "pdf", "pptx", "epub");
    }

    @Test
    void whileServeHoldsTheGraphAKgCommandSaysSoAndHowToGoOn() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve(".demo-loaded"), "");  // starts faster without the demo knowledge
        String java = ProcessHandle.current().info().command().orElse("java");
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--data", data.toString(), "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("Wenjin is serving on")) {
                // Starting.
            }
            assertThat(line).as("serve started").isNotNull();

            CliRun stats = kg("stats");

            assertThat(stats.exitCode()).isEqualTo(1);
            assertThat(stats.err()).contains("the knowledge graph in " + data.resolve("graph").toAbsolutePath()
                    + " is open in another process (process ", "`wenjin serve` is running", "stop it", "--sparql URL");
        } finally {
            serve.destroy();
            serve.waitFor();
        }
        CliRun afterwards = kg("stats");
        assertThat(afterwards.exitCode()).as("usable again once the server stopped: " + afterwards.err()).isZero();
        assertThat(afterwards.out()).contains("statements: 0");
    }
}
