package org.wenjin.knowledge.reasoning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.reasoner.Derivation;
import org.apache.jena.reasoner.InfGraph;
import org.apache.jena.reasoner.rulesys.GenericRuleReasoner;
import org.apache.jena.reasoner.rulesys.Rule;
import org.apache.jena.reasoner.rulesys.RuleDerivation;
import org.apache.jena.riot.out.NodeFmtLib;
import org.wenjin.knowledge.store.InferredTriple;
import org.wenjin.knowledge.store.Provenance;

/**
 * Derives the statements the schema of the graph implies, with Jena's forward (RETE) rule engine, and names
 * for each the rule that derived it and the sources of its premises.
 *
 * <p>The rules are the RDFS entailment patterns that say something about instances (RDF 1.1 Semantics,
 * section 9.2.1: rdfs2, rdfs3, rdfs5, rdfs7, rdfs9, rdfs11) and the OWL 2 RL property rules for inverse,
 * symmetric and transitive properties (OWL 2 Profiles, section 4.3, table 5: prp-inv1, prp-inv2,
 * prp-symp, prp-trp); rule names are the ones those specifications use. Axiomatic triples (everything is
 * an rdfs:Resource, and so on) are left out: they say nothing a reader asks about.
 */
public final class Inference {
    public static final String RULES = """
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
            """;

    private static final List<Rule> PARSED = Rule.parseRules(RULES);

    private Inference() {
    }

    /** The names of the rules, in the order they are written. */
    public static List<String> ruleNames() {
        return PARSED.stream().map(Rule::getName).toList();
    }

    /**
     * Every statement the rules derive from {@code asserted} that {@code asserted} does not already hold.
     *
     * @param sourcesOf the sources that assert a statement of {@code asserted}
     */
    public static List<InferredTriple> derive(Graph asserted, Function<Triple, Set<String>> sourcesOf) {
        GenericRuleReasoner reasoner = new GenericRuleReasoner(PARSED);
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
            SortedSet<String> sources = sources(triple, inferred, asserted, sourcesOf, premiseSources, new HashSet<>());
            derived.add(new InferredTriple(triple, Provenance.inferred(rule, sources)));
        }
        derived.sort(Comparator.comparing((InferredTriple t) -> NodeFmtLib.str(t.triple())));
        return derived;
    }

    private static int order(RuleDerivation derivation) {
        return ruleNames().indexOf(derivation.getRule().getName());
    }

    /** Of the ways a statement was derived, the one by the rule written first, so the name given is stable. */
    private static RuleDerivation firstDerivation(InfGraph inferred, Triple triple) {
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
    private static SortedSet<String> sources(Triple triple, InfGraph inferred, Graph asserted,
                                             Function<Triple, Set<String>> sourcesOf,
                                             Map<Triple, SortedSet<String>> memo, Set<Triple> visiting) {
        if (asserted.contains(triple)) {
            return new TreeSet<>(sourcesOf.apply(triple));
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
                sources.addAll(sources(premise, inferred, asserted, sourcesOf, memo, visiting));
            }
        }
        visiting.remove(triple);
        memo.put(triple, sources);
        return sources;
    }
}
