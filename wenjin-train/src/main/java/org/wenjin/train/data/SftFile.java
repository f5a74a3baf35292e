package org.wenjin.train.data;

import java.util.List;
import java.util.Objects;

/** What a JSONL file gave: its examples in file order, the records left out and why, and its hash. */
public record SftFile(DataSource source, List<SftExample> examples, List<DataProblem> problems) {
    public SftFile {
        Objects.requireNonNull(source, "source");
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }
}
