package org.wenjin.knowledge.importing;

import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RDFParserBuilder;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.graph.GraphFactory;
import org.wenjin.knowledge.KnowledgeImportException;

/**
 * Reads Turtle, N-Triples and JSON-LD with Jena RIOT into a graph in memory, stopping at the first error
 * with its line and column. Warnings (such as a year written in a form its datatype does not allow) do
 * not stop the import: the statement is still well formed.
 */
public final class RdfReader {
    private RdfReader() {
    }

    public static Graph read(InputStream in, Lang lang, String source, String baseIri) {
        Graph graph = GraphFactory.createGraphMem();
        RDFParserBuilder parser = RDFParser.source(in).lang(lang).errorHandler(new StopAtFirstError(source));
        if (baseIri != null) {
            parser.base(baseIri);
        }
        try {
            parser.parse(StreamRDFLib.graph(graph));
        } catch (KnowledgeImportException e) {
            throw e;
        } catch (RiotException e) {
            // JSON-LD is parsed by Titanium, which reports JSON syntax errors through jakarta.json.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonParsingException json && json.getLocation() != null) {
                    throw new KnowledgeImportException(source, json.getLocation().getLineNumber(),
                            json.getLocation().getColumnNumber(), json.getMessage(), e);
                }
            }
            throw new KnowledgeImportException(source, -1, -1, e.getMessage(), e);
        }
        return graph;
    }

    private record StopAtFirstError(String source) implements ErrorHandler {
        @Override
        public void warning(String message, long line, long column) {
        }

        @Override
        public void error(String message, long line, long column) {
            throw new KnowledgeImportException(source, line, column, message);
        }

        @Override
        public void fatal(String message, long line, long column) {
            throw new KnowledgeImportException(source, line, column, message);
        }
    }
}
