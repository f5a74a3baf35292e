package org.wenjin.knowledge.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * Where a statement comes from, kept as the name of the named graph that holds it: one graph per imported
 * source ({@code urn:wenjin:source:<name>}), and one per inference rule and set of premise sources
 * ({@code urn:wenjin:inferred:<rule>:<source>,<source>}). Names are percent-encoded, so any file name fits.
 *
 * @param rule the inference rule that derived the statement, or null for an asserted one
 * @param sources the imported sources the statement (or the premises it was derived from) came from
 */
public record Provenance(String rule, SortedSet<String> sources) {
    private static final String SOURCE_PREFIX = "urn:wenjin:source:";
    private static final String INFERRED_PREFIX = "urn:wenjin:inferred:";

    public Provenance {
        sources = new TreeSet<>(sources);
    }

    public static Provenance asserted(String source) {
        return new Provenance(null, new TreeSet<>(List.of(source)));
    }

    public static Provenance inferred(String rule, Collection<String> sources) {
        return new Provenance(rule, new TreeSet<>(sources));
    }

    public boolean isInferred() {
        return rule != null;
    }

    public Node graphName() {
        if (rule == null) {
            return NodeFactory.createURI(SOURCE_PREFIX + encode(sources.first()));
        }
        List<String> encoded = new ArrayList<>();
        for (String source : sources) {
            encoded.add(encode(source));
        }
        return NodeFactory.createURI(INFERRED_PREFIX + encode(rule) + ":" + String.join(",", encoded));
    }

    /** The provenance a graph name stands for; empty for graphs this scheme did not name. */
    public static Optional<Provenance> of(Node graphName) {
        if (!graphName.isURI()) {
            return Optional.empty();
        }
        String name = graphName.getURI();
        if (name.startsWith(SOURCE_PREFIX)) {
            return Optional.of(asserted(decode(name.substring(SOURCE_PREFIX.length()))));
        }
        if (name.startsWith(INFERRED_PREFIX)) {
            String rest = name.substring(INFERRED_PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            List<String> sources = rest.length() == colon + 1 ? List.of()
                    : Arrays.stream(rest.substring(colon + 1).split(",")).map(Provenance::decode).toList();
            return Optional.of(inferred(decode(rest.substring(0, colon)), sources));
        }
        return Optional.empty();
    }

    public static boolean isSourceGraph(Node graphName) {
        return graphName.isURI() && graphName.getURI().startsWith(SOURCE_PREFIX);
    }

    public static boolean isInferredGraph(Node graphName) {
        return graphName.isURI() && graphName.getURI().startsWith(INFERRED_PREFIX);
    }

    /** The prefix of every source graph's name, for queries that select asserted statements. */
    public static String sourceGraphPrefix() {
        return SOURCE_PREFIX;
    }

    /** The prefix of every inferred graph's name. */
    public static String inferredGraphPrefix() {
        return INFERRED_PREFIX;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
