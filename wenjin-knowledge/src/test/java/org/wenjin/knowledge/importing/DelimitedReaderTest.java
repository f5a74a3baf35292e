package org.wenjin.knowledge.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.Test;

class DelimitedReaderTest {
    private static final String PIECES_FOR_CSV = "ab,\"\n\r\t 文心一言ＧＰＴ·—'";
    private static final String PIECES_FOR_TSV = "ab,\" 文心一言ＧＰＴ·—'";

    @Test
    void csvReadsBackEveryLiteralItsQuotingCanHold() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 100; round++) {
            Set<Triple> expected = randomStatements(random, PIECES_FOR_CSV);
            StringBuilder csv = new StringBuilder(random.nextBoolean() ? "subject,predicate,object,lang\r\n" : "Object,Subject,Predicate,Lang\n");
            boolean objectFirst = csv.charAt(0) == 'O';
            for (Triple t : expected) {
                String s = "<" + t.getSubject().getURI() + ">";
                String p = t.getPredicate().getURI();
                String lexical = t.getObject().getLiteralLexicalForm();
                String lang = t.getObject().getLiteralLanguage();
                if (lexical.startsWith("\"")) {
                    // A cell starting with a quote is read as a Turtle literal, so such a text is written as one.
                    lexical = "\"" + lexical.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                            .replace("\r", "\\r").replace("\t", "\\t") + "\"" + (lang.isEmpty() ? "" : "@" + lang);
                    lang = "";
                }
                String o = quoted(lexical);
                csv.append(objectFirst ? o + "," + s + "," + p + "," + lang : s + "," + p + "," + o + "," + lang)
                        .append(random.nextBoolean() ? "\r\n" : "\n");
            }

            Graph graph = DelimitedReader.readCsv(new StringReader(csv.toString()), "random.csv");

            assertThat(graph.find().toSet()).as("seed %d:\n%s", seed, csv).isEqualTo(expected);
        }
    }

    @Test
    void tsvReadsLiteralsInTurtleSyntaxAndPlainText() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 100; round++) {
            Set<Triple> expected = randomStatements(random, PIECES_FOR_TSV);
            StringBuilder tsv = new StringBuilder("subject\tpredicate\tobject\n");
            for (Triple t : expected) {
                String lexical = t.getObject().getLiteralLexicalForm();
                String lang = t.getObject().getLiteralLanguage();
                boolean plain = lang.isEmpty() && !lexical.startsWith("\"") && !lexical.isBlank()
                        && lexical.strip().equals(lexical) && !lexical.contains(":");
                String object = plain ? lexical
                        : "\"" + lexical.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + (lang.isEmpty() ? "" : "@" + lang);
                tsv.append(t.getSubject().getURI()).append('\t').append("<").append(t.getPredicate().getURI()).append(">\t")
                        .append(object).append('\n');
            }

            Graph graph = DelimitedReader.readTsv(new StringReader(tsv.toString()), "random.tsv");

            assertThat(graph.find().toSet()).as("seed %d:\n%s", seed, tsv).isEqualTo(expected);
        }
    }

    private static Set<Triple> randomStatements(Random random, String pieces) {
        Set<Triple> statements = new HashSet<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            Node subject = NodeFactory.createURI("http://example.org/s" + random.nextInt(5));
            Node predicate = NodeFactory.createURI("https://example.org/p" + random.nextInt(3));
            StringBuilder lexical = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                lexical.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            String text = lexical.toString().strip();
            if (text.isEmpty()) {
                text = "x";
            }
            Node object = random.nextBoolean() ? NodeFactory.createLiteralLang(text, random.nextBoolean() ? "zh" : "en")
                    : NodeFactory.createLiteralString(text);
            statements.add(Triple.create(subject, predicate, object));
        }
        return statements;
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
