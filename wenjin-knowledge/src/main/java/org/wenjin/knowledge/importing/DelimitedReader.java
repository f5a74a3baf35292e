package org.wenjin.knowledge.importing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.riot.system.PrefixMapFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.util.NodeFactoryExtra;
import org.wenjin.knowledge.KnowledgeImportException;

/**
 * Reads statements from a table with a header row: CSV as RFC 4180 has it (comma separated, fields in
 * double quotes may hold commas, quotes doubled, and line breaks), or TSV as the IANA
 * text/tab-separated-values registration has it (tab separated, no quoting at all).
 *
 * <p>The header names the columns {@code subject}, {@code predicate} and {@code object}, in any order,
 * and optionally {@code lang} (or {@code language}) and {@code datatype} for the object. A cell is an IRI
 * when written {@code <...>}, as an absolute IRI ({@code https://...}, {@code urn:...}), or with one of the
 * prefixes rdf, rdfs, owl, skos, xsd; a subject may be a blank node {@code _:name}. An object cell
 * starting with a double quote is read in N-Triples/Turtle literal syntax ({@code "GPT-3"@en},
 * {@code "2020"^^xsd:gYear}); any other object cell is a plain literal.
 */
public final class DelimitedReader {
    private static final Pattern ABSOLUTE_IRI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]+");
    private static final PrefixMap PREFIXES = PrefixMapFactory.create(Map.of(
            "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs", "http://www.w3.org/2000/01/rdf-schema#",
            "owl", "http://www.w3.org/2002/07/owl#",
            "skos", "http://www.w3.org/2004/02/skos/core#",
            "xsd", "http://www.w3.org/2001/XMLSchema#"));

    private final String source;
    private final char separator;
    private final boolean quoting;
    private final Map<String, Node> blankNodes = new HashMap<>();

    private DelimitedReader(String source, char separator, boolean quoting) {
        this.source = source;
        this.separator = separator;
        this.quoting = quoting;
    }

    public static Graph readCsv(Reader in, String source) {
        return new DelimitedReader(source, ',', true).read(in);
    }

    public static Graph readTsv(Reader in, String source) {
        return new DelimitedReader(source, '\t', false).read(in);
    }

    /** One cell and where it starts. */
    private record Cell(String text, int line, int column) {
    }

    private Graph read(Reader in) {
        Records records = new Records(in);
        List<Cell> header = records.next();
        while (header != null && isBlank(header)) {
            header = records.next();
        }
        if (header == null) {
            throw new KnowledgeImportException(source, 1, 1, "the file is empty; expected a header row such as subject"
                    + separatorName() + "predicate" + separatorName() + "object");
        }
        Columns columns = Columns.of(header, this);
        Graph graph = GraphFactory.createGraphMem();
        for (List<Cell> row = records.next(); row != null; row = records.next()) {
            if (isBlank(row)) {
                continue;
            }
            if (row.size() != header.size()) {
                Cell last = row.getLast();
                throw new KnowledgeImportException(source, row.getFirst().line(), row.size() < header.size()
                        ? last.column() + last.text().length() : row.get(header.size()).column(),
                        "expected " + header.size() + " fields as in the header, found " + row.size());
            }
            Node subject = resource(row.get(columns.subject), "subject", true);
            Node predicate = resource(row.get(columns.predicate), "predicate", false);
            String lang = columns.lang < 0 ? "" : row.get(columns.lang).text().strip();
            Cell datatype = columns.datatype < 0 ? null : row.get(columns.datatype);
            Node object = object(row.get(columns.object), lang, datatype);
            graph.add(subject, predicate, object);
        }
        return graph;
    }

    private String separatorName() {
        return separator == '\t' ? "<tab>" : String.valueOf(separator);
    }

    private static boolean isBlank(List<Cell> row) {
        return row.size() == 1 && row.getFirst().text().isBlank();
    }

    private record Columns(int subject, int predicate, int object, int lang, int datatype) {
        static Columns of(List<Cell> header, DelimitedReader reader) {
            int subject = -1;
            int predicate = -1;
            int object = -1;
            int lang = -1;
            int datatype = -1;
            for (int i = 0; i < header.size(); i++) {
                Cell cell = header.get(i);
                String name = cell.text().strip().toLowerCase(Locale.ROOT);
                if (i == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                int previous = switch (name) {
                    case "subject" -> subject;
                    case "predicate" -> predicate;
                    case "object" -> object;
                    case "lang", "language" -> lang;
                    case "datatype" -> datatype;
                    default -> throw reader.error(cell, "unknown column '" + cell.text().strip()
                            + "'; the header names subject, predicate, object and optionally lang and datatype");
                };
                if (previous >= 0) {
                    throw reader.error(cell, "column '" + name + "' appears twice in the header");
                }
                switch (name) {
                    case "subject" -> subject = i;
                    case "predicate" -> predicate = i;
                    case "object" -> object = i;
                    case "lang", "language" -> lang = i;
                    default -> datatype = i;
                }
            }
            if (subject < 0 || predicate < 0 || object < 0) {
                throw reader.error(header.getFirst(), "the header must name the columns subject, predicate and object");
            }
            return new Columns(subject, predicate, object, lang, datatype);
        }
    }

    private Node resource(Cell cell, String role, boolean blankAllowed) {
        String text = cell.text().strip();
        if (text.isEmpty()) {
            throw error(cell, "the " + role + " is empty");
        }
        if (blankAllowed && text.startsWith("_:")) {
            return blankNodes.computeIfAbsent(text, label -> NodeFactory.createBlankNode());
        }
        Node iri = iri(cell, text);
        if (iri == null) {
            throw error(cell, "the " + role + " '" + text + "' is not an IRI; write <https://...>, an absolute IRI, "
                    + "or a name with the prefix rdf:, rdfs:, owl:, skos: or xsd:");
        }
        return iri;
    }

    private Node iri(Cell cell, String text) {
        if (text.startsWith("<")) {
            if (!text.endsWith(">") || text.length() < 3) {
                throw error(cell, "unterminated IRI " + text);
            }
            String iri = text.substring(1, text.length() - 1);
            if (!ABSOLUTE_IRI.matcher(iri).matches()) {
                throw error(cell, "'" + iri + "' is not an absolute IRI");
            }
            return NodeFactory.createURI(iri);
        }
        int colon = text.indexOf(':');
        if (colon > 0 && PREFIXES.containsPrefix(text.substring(0, colon))) {
            return NodeFactory.createURI(PREFIXES.expand(text));
        }
        if (ABSOLUTE_IRI.matcher(text).matches()) {
            return NodeFactory.createURI(text);
        }
        return null;
    }

    private Node object(Cell cell, String lang, Cell datatype) {
        String text = cell.text().strip();
        if (text.startsWith("\"")) {
            try {
                Node literal = NodeFactoryExtra.parseNode(text, PREFIXES);
                if (!literal.isLiteral()) {
                    throw error(cell, "not a literal: " + text);
                }
                return literal;
            } catch (RuntimeException e) {
                if (e instanceof KnowledgeImportException known) {
                    throw known;
                }
                throw error(cell, "malformed literal " + text + ": " + e.getMessage());
            }
        }
        if (text.startsWith("_:")) {
            return blankNodes.computeIfAbsent(text, label -> NodeFactory.createBlankNode());
        }
        Node iri = lang.isEmpty() && (datatype == null || datatype.text().isBlank()) ? iri(cell, text) : null;
        if (iri != null) {
            return iri;
        }
        if (!lang.isEmpty()) {
            return NodeFactory.createLiteralLang(cell.text(), lang);
        }
        if (datatype != null && !datatype.text().isBlank()) {
            Node type = iri(datatype, datatype.text().strip());
            if (type == null) {
                throw error(datatype, "the datatype '" + datatype.text().strip() + "' is not an IRI");
            }
            return NodeFactory.createLiteralDT(cell.text(), TypeMapper.getInstance().getSafeTypeByName(type.getURI()));
        }
        return NodeFactory.createLiteralString(cell.text());
    }

    private KnowledgeImportException error(Cell cell, String problem) {
        return new KnowledgeImportException(source, cell.line(), cell.column(), problem);
    }

    /** Splits the input into rows of cells, tracking the line and column where each cell starts. */
    private final class Records {
        private final Reader in;
        private int line = 1;
        private int column = 1;
        private int pending = -2;  // one char of look-ahead; -2 when none is held
        private boolean atEnd;

        Records(Reader in) {
            this.in = in;
        }

        private int read() {
            int c;
            if (pending != -2) {
                c = pending;
                pending = -2;
            } else {
                try {
                    c = in.read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return c;
        }

        private void advance(int c) {
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }

        /** The next row, or null after the last. */
        List<Cell> next() {
            if (atEnd) {
                return null;
            }
            List<Cell> cells = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int cellLine = line;
            int cellColumn = column;
            boolean quoted = false;
            boolean wasQuoted = false;
            int quoteLine = 0;
            int quoteColumn = 0;
            while (true) {
                int c = read();
                if (c == -1) {
                    if (quoted) {
                        throw new KnowledgeImportException(source, quoteLine, quoteColumn,
                                "the quoted field starting here is never closed");
                    }
                    atEnd = true;
                    if (cells.isEmpty() && text.isEmpty() && !wasQuoted) {
                        return null;
                    }
                    cells.add(new Cell(text.toString(), cellLine, cellColumn));
                    return cells;
                }
                if (quoted) {
                    if (c == '"') {
                        int following = read();
                        if (following == '"') {
                            text.append('"');
                            advance(c);
                            advance(following);
                            continue;
                        }
                        pending = following;
                        quoted = false;
                        advance(c);
                        continue;
                    }
                    text.append((char) c);
                    advance(c);
                    continue;
                }
                if (c == separator) {
                    cells.add(new Cell(text.toString(), cellLine, cellColumn));
                    text.setLength(0);
                    wasQuoted = false;
                    advance(c);
                    cellLine = line;
                    cellColumn = column;
                    continue;
                }
                if (c == '\r') {
                    int following = read();
                    if (following != '\n') {
                        pending = following;
                    }
                    c = '\n';
                }
                if (c == '\n') {
                    cells.add(new Cell(text.toString(), cellLine, cellColumn));
                    advance(c);
                    return cells;
                }
                if (quoting && c == '"') {
                    if (!text.isEmpty() || wasQuoted) {
                        throw new KnowledgeImportException(source, line, column,
                                "a double quote inside an unquoted field; quote the whole field and double the quote");
                    }
                    quoted = true;
                    wasQuoted = true;
                    quoteLine = line;
                    quoteColumn = column;
                    advance(c);
                    continue;
                }
                if (wasQuoted && !Character.isWhitespace(c)) {
                    throw new KnowledgeImportException(source, line, column,
                            "text after the closing quote of a field; expected '" + separatorName() + "' or a line end");
                }
                text.append((char) c);
                advance(c);
            }
        }
    }
}
