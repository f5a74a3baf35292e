package org.wenjin.knowledge.store;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TDB2 directory of a graph is held by another process. TDB2 admits one process per database (it
 * takes an operating-system lock on {@code tdb.lock}), so a second process must wait for the first to close
 * the graph, or both must use a graph on a SPARQL server instead.
 */
public final class GraphInUseException extends IllegalStateException {
    /** How Jena's ProcessFileLock names the holder: "... held by process 24827". */
    private static final Pattern HOLDER = Pattern.compile("held by process (\\d+)");

    private final Path directory;

    public GraphInUseException(Path directory, Throwable cause) {
        super("the knowledge graph in " + directory.toAbsolutePath() + " is open in another process" + holder(cause)
                + ", and TDB2 lets only one process use it at a time", cause);
        this.directory = directory;
    }

    private static String holder(Throwable cause) {
        Matcher pid = HOLDER.matcher(String.valueOf(cause.getMessage()));
        return pid.find() ? " (process " + pid.group(1) + ")" : "";
    }

    public Path directory() {
        return directory;
    }
}
