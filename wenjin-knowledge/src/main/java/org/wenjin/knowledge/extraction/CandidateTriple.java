package org.wenjin.knowledge.extraction;

/**
 * One statement as a model's reply gives it, before it is checked: names, not IRIs.
 *
 * @param number its place in the reply, from 1
 * @param subjectType the class the reply gives the subject, or null
 * @param objectType the class the reply gives the object, or null
 */
public record CandidateTriple(int number, String subject, String subjectType, String predicate, String object,
                              String objectType) {

    /** The statement as a reader would write it: (subject, predicate, object). */
    public String written() {
        return "(" + subject + ", " + predicate + ", " + object + ")";
    }
}
