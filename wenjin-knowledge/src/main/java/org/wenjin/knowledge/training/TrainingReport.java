package org.wenjin.knowledge.training;

/** How many samples of each kind were written. */
public record TrainingReport(long entities, long facts, long paths, long negatives) {

    public long samples() {
        return facts + paths + negatives;
    }
}
