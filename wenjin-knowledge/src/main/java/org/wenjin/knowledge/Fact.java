package org.wenjin.knowledge;

/**
 * One statement of the graph, with names a reader understands.
 *
 * @param id short and stable: the same statement has the same id in every graph and after every re-import
 * @param subject the subject's IRI
 * @param subjectLabel the subject's name in the question's language
 * @param predicate the predicate's IRI
 * @param predicateLabel the predicate's name in the question's language
 * @param object the object's IRI, or a literal's lexical form
 * @param objectLabel the object's name in the question's language, or a literal's lexical form
 * @param source the imported file(s) the statement comes from; for an inferred one, those of its premises
 * @param rule the inference rule that derived the statement (such as {@code rdfs9}, {@code prp-inv1}); null
 *     when a source asserts it
 */
public record Fact(String id, String subject, String subjectLabel, String predicate, String predicateLabel,
                   String object, String objectLabel, String source, String rule) {

    public boolean inferred() {
        return rule != null;
    }

    /** The statement as one line: {@code 文心一言 —开发者→ 百度}, with the rule when inferred. */
    public String render() {
        String line = subjectLabel + " —" + predicateLabel + "→ " + objectLabel;
        return rule == null ? line : line + " (inferred by " + rule + ")";
    }
}
