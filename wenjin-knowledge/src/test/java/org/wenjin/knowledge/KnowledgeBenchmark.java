package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the knowledge graph does at scale: a synthetic bilingual graph of companies, their founders, cities and
 * partners ({@code wenjin.bench.triples} statements, one million by default, seeded so every run builds the
 * same graph) is imported into TDB2 in one transaction with inference; the graph is opened again (which reads
 * every label into the linker); then questions in Chinese and English (one hop, two hops, and one the rules
 * answer) are linked, given their facts and answered directly, timing each call. Prints a report and writes it
 * to {@code target/knowledge-bench.md}.
 *
 * <p>Not part of the default build: {@code ./mvnw -pl wenjin-knowledge test -Pknowledge-bench
 * [-Dwenjin.bench.triples=1000000]}.
 */
class KnowledgeBenchmark {
    private static final long SEED = 20_240_601L;
    private static final String NS = "http://bench.wenjin.org/";
    /** Statements each company adds with its founder: see {@link #writeGraph}. */
    private static final int STATEMENTS_PER_COMPANY = 11;
    private static final int CITIES = 1_000;
    private static final int WARM_UP = 300;
    private static final int MEASURED = 3_000;

    private static final String[] SYLLABLES = {"ka", "ro", "vel", "tan", "mi", "sor", "lu", "den", "pra", "zo", "qui",
        "bar", "nel", "fi", "gor", "sta", "ven", "ul", "dra", "mo", "cal", "ri", "po", "shen", "ta", "ber", "lin", "ox",
        "ha", "jun", "pel", "tri", "nor", "sa", "vin", "e", "kel", "dor", "mar", "wu"};
    private static final String[] HAN = ("华腾云星海博远智新瑞达恒安盛宏嘉信德泰鼎天光明丰源永康和睿晨峰川岳林松柏兰竹梅"
            + "锦鸿祥福隆昌兴旺盈利通汇聚合佳").split("");
    private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            + "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔").split("");
    private static final String[] COMPANY_SUFFIX_EN = {"Labs", "Systems", "Dynamics", "Works", "Networks", "Group"};
    private static final String[] COMPANY_SUFFIX_ZH = {"科技", "集团", "网络", "智能", "动力", "实业"};

    @TempDir
    Path dir;

    @Test
    void importsLinksAndAnswersAtScale() throws IOException {
        long triples = Long.getLong("wenjin.bench.triples", 1_000_000L);
        int companies = (int) Math.max(100, (triples - 3L * CITIES - 40) / STATEMENTS_PER_COMPANY);
        Path data = dir.resolve("companies.nt");
        long written = writeGraph(data, companies);
        Path store = dir.resolve("graph");

        long start = System.nanoTime();
        long[] parsed = new long[1];
        long imported;
        long inferred;
        Duration importTime;
        try (KnowledgeGraph graph = KnowledgeGraph.open(store)) {
            imported = graph.importFiles(List.of(data), progress -> {
                if (progress.phase() == ImportProgress.Phase.COMMITTING) {
                    parsed[0] = System.nanoTime();
                }
            }).getFirst().triples();
            importTime = Duration.ofNanos(System.nanoTime() - start);
            inferred = graph.inferredCount();
        }
        Duration parseTime = Duration.ofNanos(parsed[0] - start);
        assertThat(imported).isEqualTo(written);

        start = System.nanoTime();
        try (KnowledgeGraph graph = KnowledgeGraph.open(store)) {
            Duration openTime = Duration.ofNanos(System.nanoTime() - start);
            List<Asked> questions = questions(companies);
            for (Asked q : questions.subList(0, WARM_UP)) {
                graph.link(q.text());
                graph.answer(q.text());
                graph.factsFor(q.text(), 8);
            }
            List<Asked> measured = questions.subList(WARM_UP, questions.size());
            long[] link = new long[measured.size()];
            long[] facts = new long[measured.size()];
            long[] answer = new long[measured.size()];
            int linked = 0;
            int answered = 0;
            int right = 0;
            for (int i = 0; i < measured.size(); i++) {
                Asked q = measured.get(i);
                long t0 = System.nanoTime();
                List<EntityMention> mentions = graph.link(q.text());
                long t1 = System.nanoTime();
                graph.factsFor(q.text(), 8);
                long t2 = System.nanoTime();
                var direct = graph.answer(q.text());
                long t3 = System.nanoTime();
                link[i] = t1 - t0;
                facts[i] = t2 - t1;
                answer[i] = t3 - t2;
                if (mentions.stream().anyMatch(m -> m.entity().equals(q.entity()))) {
                    linked++;
                }
                if (direct.isPresent()) {
                    answered++;
                    if (direct.get().text().contains(q.expected())) {
                        right++;
                    }
                }
            }
            String report = report(written, imported, inferred, importTime, parseTime, openTime, measured.size(), link, facts, answer,
                    linked, answered, right);
            System.out.println(report);
            Files.writeString(Path.of("target", "knowledge-bench.md"), report, StandardCharsets.UTF_8);
            assertThat(linked).as("questions whose entity was linked").isGreaterThan(measured.size() * 9 / 10);
            assertThat(right).as("direct answers holding the expected name").isGreaterThan(measured.size() / 2);
        }
    }

    /** A question about {@code entity} whose answer must contain {@code expected}. */
    private record Asked(String text, String entity, String expected) {
    }

    private static String company(int i) {
        return NS + "company/" + i;
    }

    private static String person(int i) {
        return NS + "person/" + i;
    }

    private static String city(int i) {
        return NS + "city/" + i;
    }

    /** A bijection of 0..n-1 that scatters neighbouring numbers, so names do not come in alphabetical runs. */
    private static int scatter(int i, int n) {
        return (int) ((i * 7_919L + 13) % n);
    }

    private static String word(int i, int syllables) {
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            word.append(SYLLABLES[i % SYLLABLES.length]);
            i /= SYLLABLES.length;
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String han(int i, int characters) {
        StringBuilder word = new StringBuilder();
        for (int c = 0; c < characters; c++) {
            word.append(HAN[i % HAN.length]);
            i /= HAN.length;
        }
        return word.toString();
    }

    private static String cityEn(int i) {
        return word(scatter(i, 1_600), 2) + " City";
    }

    private static String cityZh(int i) {
        return han(scatter(i, HAN.length * HAN.length), 2) + "市";
    }

    private static String companyEn(int i, int n) {
        int k = scatter(i, n);
        return word(k % 64_000, 3) + " " + COMPANY_SUFFIX_EN[k / 64_000 % COMPANY_SUFFIX_EN.length];
    }

    private static String companyZh(int i, int n) {
        int k = scatter(i, n);
        int base = HAN.length * HAN.length * HAN.length;
        return han(k % base, 3) + COMPANY_SUFFIX_ZH[k / base % COMPANY_SUFFIX_ZH.length];
    }

    private static String personEn(int i, int n) {
        int k = scatter(i, n);
        return word(k % 1_600, 2) + " " + word(k / 1_600, 2);
    }

    private static String personZh(int i, int n) {
        int k = scatter(i, n);
        return SURNAMES[k % SURNAMES.length] + han(k / SURNAMES.length, 2);
    }

    private static int headquarters(int company) {
        return (int) ((company * 31L + 7) % CITIES);
    }

    private static int birthplace(int person) {
        return (int) ((person * 17L + 3) % CITIES);
    }

    /**
     * The schema, {@value #CITIES} cities (3 statements each) and per company 11 statements: its type, two
     * labels, headquarters, founding year, founder and partner, and its founder's type, two labels and
     * birthplace. Partners are symmetric, so the rules add the other direction of each.
     */
    private static long writeGraph(Path file, int companies) throws IOException {
        long count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String schema = """
                    <%1$sCompany> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .
                    <%1$sCompany> <http://www.w3.org/2000/01/rdf-schema#label> "company"@en .
                    <%1$sCompany> <http://www.w3.org/2000/01/rdf-schema#label> "公司"@zh .
                    <%1$sPerson> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .
                    <%1$sPerson> <http://www.w3.org/2000/01/rdf-schema#label> "person"@en .
                    <%1$sPerson> <http://www.w3.org/2000/01/rdf-schema#label> "人物"@zh .
                    <%1$sCity> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .
                    <%1$sCity> <http://www.w3.org/2000/01/rdf-schema#label> "city"@en .
                    <%1$sCity> <http://www.w3.org/2000/01/rdf-schema#label> "城市"@zh .
                    <%1$sheadquarters> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#ObjectProperty> .
                    <%1$sheadquarters> <http://www.w3.org/2000/01/rdf-schema#label> "headquarters"@en .
                    <%1$sheadquarters> <http://www.w3.org/2000/01/rdf-schema#label> "总部"@zh .
                    <%1$sheadquarters> <http://www.w3.org/2004/02/skos/core#altLabel> "headquartered in"@en .
                    <%1$sfounder> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#ObjectProperty> .
                    <%1$sfounder> <http://www.w3.org/2000/01/rdf-schema#label> "founder"@en .
                    <%1$sfounder> <http://www.w3.org/2000/01/rdf-schema#label> "创始人"@zh .
                    <%1$sfounder> <http://www.w3.org/2004/02/skos/core#altLabel> "founded by"@en .
                    <%1$sfoundingYear> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#DatatypeProperty> .
                    <%1$sfoundingYear> <http://www.w3.org/2000/01/rdf-schema#label> "founding year"@en .
                    <%1$sfoundingYear> <http://www.w3.org/2000/01/rdf-schema#label> "成立年份"@zh .
                    <%1$sfoundingYear> <http://www.w3.org/2004/02/skos/core#altLabel> "founded in"@en .
                    <%1$sfoundingYear> <http://www.w3.org/2004/02/skos/core#altLabel> "成立"@zh .
                    <%1$spartner> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#SymmetricProperty> .
                    <%1$spartner> <http://www.w3.org/2000/01/rdf-schema#label> "partner"@en .
                    <%1$spartner> <http://www.w3.org/2000/01/rdf-schema#label> "合作伙伴"@zh .
                    <%1$sbirthplace> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#ObjectProperty> .
                    <%1$sbirthplace> <http://www.w3.org/2000/01/rdf-schema#label> "birthplace"@en .
                    <%1$sbirthplace> <http://www.w3.org/2000/01/rdf-schema#label> "出生地"@zh .
                    <%1$sbirthplace> <http://www.w3.org/2004/02/skos/core#altLabel> "born in"@en .
                    """.formatted(NS);
            out.write(schema);
            count += schema.lines().count();
            for (int c = 0; c < CITIES; c++) {
                count += type(out, city(c), "City") + label(out, city(c), cityEn(c), "en") + label(out, city(c), cityZh(c), "zh");
            }
            Random random = new Random(SEED);
            for (int i = 0; i < companies; i++) {
                String company = company(i);
                String founder = person(i);
                count += type(out, company, "Company") + label(out, company, companyEn(i, companies), "en")
                        + label(out, company, companyZh(i, companies), "zh")
                        + link(out, company, "headquarters", city(headquarters(i)))
                        + statement(out, company, "foundingYear", "\"" + (1950 + random.nextInt(74))
                                + "\"^^<http://www.w3.org/2001/XMLSchema#gYear>")
                        + link(out, company, "founder", founder)
                        + link(out, company, "partner", company((i + 1 + random.nextInt(companies - 1)) % companies))
                        + type(out, founder, "Person") + label(out, founder, personEn(i, companies), "en")
                        + label(out, founder, personZh(i, companies), "zh")
                        + link(out, founder, "birthplace", city(birthplace(i)));
            }
        }
        return count;
    }

    private static int type(BufferedWriter out, String subject, String type) throws IOException {
        out.write("<" + subject + "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" + NS + type + "> .\n");
        return 1;
    }

    private static int label(BufferedWriter out, String subject, String text, String language) throws IOException {
        out.write("<" + subject + "> <http://www.w3.org/2000/01/rdf-schema#label> \"" + text + "\"@" + language + " .\n");
        return 1;
    }

    private static int link(BufferedWriter out, String subject, String predicate, String object) throws IOException {
        return statement(out, subject, predicate, "<" + object + ">");
    }

    private static int statement(BufferedWriter out, String subject, String predicate, String object) throws IOException {
        out.write("<" + subject + "> <" + NS + predicate + "> " + object + " .\n");
        return 1;
    }

    /** Seeded questions about random companies: headquarters, founder, and the founder's birthplace, in both languages. */
    private static List<Asked> questions(int companies) {
        Random random = new Random(SEED + 1);
        List<Asked> questions = new ArrayList<>();
        for (int n = 0; n < WARM_UP + MEASURED; n++) {
            int i = random.nextInt(companies);
            String zh = companyZh(i, companies);
            String en = companyEn(i, companies);
            int hq = headquarters(i);
            int born = birthplace(i);
            questions.add(switch (n % 6) {
                case 0 -> new Asked(zh + "的总部在哪里？", company(i), cityZh(hq));
                case 1 -> new Asked("Where is " + en + " headquartered?", company(i), cityEn(hq));
                case 2 -> new Asked(zh + "的创始人是谁？", company(i), personZh(i, companies));
                case 3 -> new Asked("Who founded " + en + "?", company(i), personEn(i, companies));
                case 4 -> new Asked(zh + "的创始人的出生地在哪里？", company(i), cityZh(born));
                default -> new Asked("Where was the founder of " + en + " born?", company(i), cityEn(born));
            });
        }
        return questions;
    }

    private static String report(long written, long imported, long inferred, Duration importTime, Duration parseTime,
                                 Duration openTime,
                                 int questions, long[] link, long[] facts, long[] answer, int linked, int answered, int right) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder report = new StringBuilder();
        report.append("## Knowledge graph at scale\n\n");
        report.append(String.format(Locale.ROOT, "- statements written: %,d; imported: %,d; inferred by the rules: %,d%n",
                written, imported, inferred));
        report.append(String.format(Locale.ROOT, "- import into TDB2 (parse, one transaction, inference): %.1f s (%,.0f statements/s)%n",
                importTime.toMillis() / 1000.0, imported / (importTime.toMillis() / 1000.0)));
        report.append(String.format(Locale.ROOT, "  - of which parsing: %.1f s; writing, inference and reading the labels for the linker: %.1f s%n",
                parseTime.toMillis() / 1000.0, (importTime.toMillis() - parseTime.toMillis()) / 1000.0));
        report.append(String.format(Locale.ROOT, "- open again (read every label into the linker): %.1f s%n", openTime.toMillis() / 1000.0));
        report.append(String.format(Locale.ROOT, "- %,d questions (Chinese and English; headquarters, founder, founder's birthplace), after %d to warm up%n",
                questions, WARM_UP));
        report.append("\n| call | p50 | p95 | max |\n| --- | --- | --- | --- |\n");
        report.append(row("link (entities in the question)", link));
        report.append(row("factsFor (ranked facts, 2 hops)", facts));
        report.append(row("answer (direct answer)", answer));
        report.append(String.format(Locale.ROOT, "%n- entity linked: %.1f%%; direct answer given: %.1f%%; holding the expected name: %.1f%%%n",
                100.0 * linked / questions, 100.0 * answered / questions, 100.0 * right / questions));
        report.append(String.format(Locale.ROOT, "- machine: %d cores, load average %.2f at the end, Java %s, max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20));
        return report.toString();
    }

    private static String row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, percentile(sorted, 50),
                percentile(sorted, 95), sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
