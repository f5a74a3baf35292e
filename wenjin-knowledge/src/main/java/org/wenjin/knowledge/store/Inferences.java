package org.wenjin.knowledge.store;

import java.util.List;

/**
 * What a reasoner derived, and which rules it used.
 *
 * @param ruleSet a digest of the rules, stored beside the statements so that a store derived with other
 *     rules is noticed and derived again
 * @param statements the derived statements that no source asserts
 */
public record Inferences(String ruleSet, List<InferredTriple> statements) {
    public Inferences {
        statements = List.copyOf(statements);
    }
}
