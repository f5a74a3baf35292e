package org.wenjin.knowledge.training;

/**
 * How many instruction-tuning samples to make from a graph.
 *
 * @param seed picks templates, paths and negative samples: the same graph and seed give the same file
 * @param questionsPerFact differently worded questions for each entity and predicate, in each language
 * @param negativesPerFact questions about a predicate an entity lacks, per predicate it has (0.2: one in five)
 * @param pathsPerEntity two-step questions ("the headquarters of the developer of X") per entity, in each language
 */
public record TrainingOptions(long seed, int questionsPerFact, double negativesPerFact, int pathsPerEntity) {
    public static final TrainingOptions DEFAULTS = new TrainingOptions(0, 1, 0.2, 2);

    public TrainingOptions {
        if (questionsPerFact < 1) {
            throw new IllegalArgumentException("questionsPerFact must be at least 1, was " + questionsPerFact);
        }
        if (negativesPerFact < 0) {
            throw new IllegalArgumentException("negativesPerFact must not be negative, was " + negativesPerFact);
        }
        if (pathsPerEntity < 0) {
            throw new IllegalArgumentException("pathsPerEntity must not be negative, was " + pathsPerEntity);
        }
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(value, questionsPerFact, negativesPerFact, pathsPerEntity);
    }
}
