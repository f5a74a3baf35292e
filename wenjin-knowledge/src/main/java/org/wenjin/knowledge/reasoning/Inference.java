package org.wenjin.knowledge.reasoning;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.reasoner.Derivation;
import org.apache.jena.reasoner.InfGraph;
import org.apache.jena.reasoner.rulesys.GenericRuleReasoner;
import org.apache.jena.reasoner.rulesys.Rule;
import org.apache.jena.reasoner.rulesys.RuleDerivation;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.vocabulary.OWL2;
import org.wenjin.knowledge.store.AssertedStatements;
import org.wenjin.knowledge.store.Inferences;
import org.wenjin.knowledge.store.InferredTriple;
import org.wenjin.knowledge.store.Provenance;

/**
 * Derives the statements the schema of the graph implies, with Jena's forward (RETE) rule engine, and names
 * for each the rule that derived it and the sources of its premises.
 *
 * <p>The rules are the RDFS entailment patterns that say something about instances (RDF 1.1 Semantics,
 * section 9.2.1: rdfs2, rdfs3, rdfs5, rdfs7, rdfs9, rdfs11) and the OWL 2 RL property rules for inverse,
 * symmetric and transitive properties (OWL 2 Profiles, section 4.3, table 5: prp-inv1, prp-inv2,
 * prp-symp, prp-trp) and property chains of two (prp-spo2, for {@code owl:propertyChainAxiom} lists of two
 * properties); rule names are the ones those specifications use. Axiomatic triples (everything is an
 * rdfs:Resource, and so on) are left out: they say nothing a reader asks about.
 *
 * <p>A user's own rules ({@link UserRules}) run beside these, each under its own name.
 */
public final class Inference {
    public static final String BUILT_IN_RULES = """
            [rdfs2: (?p rdfs:domain ?c), (?x ?p ?y) -> (?x rdf:type ?c)]
            [rdfs3: (?p rdfs:range ?c), (?x ?p ?y), notLiteral(?y) -> (?y rdf:type ?c)]
            [rdfs5: (?p rdfs:subPropertyOf ?q), (?q rdfs:subPropertyOf ?r) -> (?p rdfs:subPropertyOf ?r)]
            [rdfs7: (?p rdfs:subPropertyOf ?q), (?x ?p ?y) -> (?x ?q ?y)]
            [rdfs9: (?c rdfs:subClassOf ?d), (?x rdf:type ?c) -> (?x rdf:type ?d)]
            [rdfs11: (?c rdfs:subClassOf ?d), (?d rdfs:subClassOf ?e) -> (?c rdfs:subClassOf ?e)]
            [prp-inv1: (?p owl:inverseOf ?q), (?x ?p ?y), notLiteral(?y) -> (?y ?q ?x)]
            [prp-inv2: (?p owl:inverseOf ?q), (?x ?q ?y), notLiteral(?y) -> (?y ?p ?x)]
            [prp-symp: (?p rdf:type owl:SymmetricProperty), (?x ?p ?y), notLiteral(?y) -> (?y ?p ?x)]
            [prp-trp: (?p rdf:type owl:TransitiveProperty), (?x ?p ?y), (?y ?p ?z) -> (?x ?p ?z)]
            [prp-spo2: (?p owl:propertyChainAxiom ?l), (?l rdf:first ?p1), (?l rdf:rest ?r), (?r rdf:first ?p2),
                (?r rdf:rest rdf:nil), (?x ?p1 ?y), (?y ?p2 ?z) -> (?x ?p ?z)]
            """;

    private static final String CHAIN_RULE = "prp-spo2";

    /** The built-in rules alone. */
    public static final Inference BUILT_IN = new Inference(Rule.parseRules(BUILT_IN_RULES));

    private final List<Rule> rules;
    private final List<String> names;
    private final String ruleSet;

    private Inference(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.names = this.rules.stream().map(Rule::getName).toList();
        this.ruleSet = digest(this.rules);
    }

    /** The built-in rules and then {@code userRules}. */
    public static Inference withUserRules(List<Rule> userRules) {
        List<Rule> all = new ArrayList<>(BUILT_IN.rules);
        all.addAll(userRules);
        return new Inference(all);
    }

    /** The built-in rules and those of {@code rulesFile}, when it exists; the built-in rules alone when not. */
    public static Inference withRulesFrom(Path rulesFile) {
        return Files.isRegularFile(rulesFile) ? withUserRules(UserRules.read(rulesFile)) : BUILT_IN;
    }

    /** The names of the rules, in the order they are written. */
    public List<String> ruleNames() {
        return names;
    }

    /**
     * A digest of the rules as Jena prints them (so comments and spacing do not change it): a store whose
     * inferred statements carry another digest was derived with other rules.
     */
    public String ruleSet() {
        return ruleSet;
    }

    private static String digest(List<Rule> rules) {
        StringBuilder text = new StringBuilder();
        for (Rule rule : rules) {
            text.append(rule).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Every statement the rules derive from the asserted statements that those do not already hold. */
    public Inferences derive(AssertedStatements statements) {
        Graph asserted = statements.statements();
        List<Rule> active = rules;
        if (!asserted.contains(Node.ANY, OWL2.propertyChainAxiom.asNode(), Node.ANY)) {
            // prp-spo2 cannot fire without a chain declared (no rule derives one), but its two open clauses would
            // still hold every statement in the RETE network: leaving it out saves about a third of the time.
            active = rules.stream().filter(r -> !r.getName().equals(CHAIN_RULE)).toList();
        }
        GenericRuleReasoner reasoner = new GenericRuleReasoner(active);
        reasoner.setMode(GenericRuleReasoner.FORWARD_RETE);
        reasoner.setDerivationLogging(true);
        InfGraph inferred = reasoner.bind(asserted);
        inferred.prepare();

        Map<Triple, SortedSet<String>> premiseSources = new HashMap<>();
        List<InferredTriple> derived = new ArrayList<>();
        Iterator<Triple> deductions = inferred.getDeductionsGraph().find();
        while (deductions.hasNext()) {
            Triple triple = deductions.next();
            if (asserted.contains(triple) || triple.getSubject().isLiteral() || !triple.getPredicate().isURI()) {
                continue;
            }
            RuleDerivation derivation = firstDerivation(inferred, triple);
            String rule = derivation == null ? "unknown" : derivation.getRule().getName();
            SortedSet<String> sources = sources(triple, inferred, statements, premiseSources, new HashSet<>());
            derived.add(new InferredTriple(triple, Provenance.inferred(rule, sources)));
        }
        // Sorted by the statement's text, formatted once per statement rather than once per comparison.
        List<InferredTriple> sorted = derived.stream().map(t -> Map.entry(NodeFmtLib.str(t.triple()), t))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        return new Inferences(ruleSet, sorted);
    }

    private int order(RuleDerivation derivation) {
        return names.indexOf(derivation.getRule().getName());
    }

    /** Of the ways a statement was derived, the one by the rule written first, so the name given is stable. */
    private RuleDerivation firstDerivation(InfGraph inferred, Triple triple) {
        Iterator<Derivation> derivations = inferred.getDerivation(triple);
        RuleDerivation first = null;
        while (derivations.hasNext()) {
            if (derivations.next() instanceof RuleDerivation rule
                    && (first == null || order(rule) < order(first))) {
                first = rule;
            }
        }
        return first;
    }

    /** The sources of the asserted statements a derived statement rests on, following derived premises back. */
    private SortedSet<String> sources(Triple triple, InfGraph inferred, AssertedStatements statements,
                                      Map<Triple, SortedSet<String>> memo, Set<Triple> visiting) {
        if (statements.statements().contains(triple)) {
            return new TreeSet<>(statements.sourcesOf().apply(triple));
        }
        SortedSet<String> known = memo.get(triple);
        if (known != null) {
            return known;
        }
        SortedSet<String> sources = new TreeSet<>();
        if (!visiting.add(triple)) {
            return sources;  // a cycle through derived statements adds no source of its own
        }
        RuleDerivation derivation = firstDerivation(inferred, triple);
        if (derivation != null) {
            for (Triple premise : derivation.getMatches()) {
                sources.addAll(sources(premise, inferred, statements, memo, visiting));
            }
        }
        visiting.remove(triple);
        memo.put(triple, sources);
        return sources;
    }
}
