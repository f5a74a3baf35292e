package org.wenjin.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.exec.QueryExec;
import org.wenjin.knowledge.KnowledgeGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wenjin kg query "SPARQL"}: a read-only SPARQL 1.1 query with a time limit. Statements sit in named
 * graphs, one per source ({@code urn:wenjin:source:NAME}) and per inference rule, so patterns go in
 * {@code GRAPH ?g { ... }}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE; never an update). "
                + "Statements are in named graphs: write patterns inside GRAPH ?g { ... }.")
final class KgQueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Parameters(paramLabel = "SPARQL", description = "The query.")
    String sparql;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Stop the query after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print SELECT and ASK results as SPARQL 1.1 JSON results.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeGraph kg = graph.open(graph.resolve())) {
            out.print(kg.query(sparql, Duration.ofSeconds(timeoutSeconds), this::format));
            out.flush();
        } catch (QueryParseException e) {
            throw new IllegalArgumentException("not a SPARQL query: " + e.getMessage(), e);
        } catch (QueryCancelledException e) {
            throw new IllegalStateException("the query ran past its " + timeoutSeconds + " s limit; narrow it or give --timeout", e);
        }
        return 0;
    }

    private String format(QueryExec execution) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        var query = execution.getQuery();
        if (query.isSelectType()) {
            ResultSet rows = ResultSet.adapt(execution.select());
            if (json) {
                ResultSetFormatter.outputAsJSON(text, rows);
            } else {
                ResultSetFormatter.out(text, rows, query.getPrologue());
            }
        } else if (query.isAskType()) {
            boolean answer = execution.ask();
            if (json) {
                ResultSetFormatter.outputAsJSON(text, answer);
            } else {
                return answer + "\n";
            }
        } else {
            var statements = query.isConstructType() ? execution.construct() : execution.describe();
            RDFDataMgr.write(text, statements, RDFFormat.TURTLE_PRETTY);
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
