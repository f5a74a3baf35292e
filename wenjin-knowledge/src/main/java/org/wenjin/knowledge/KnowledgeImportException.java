package org.wenjin.knowledge;

/**
 * An import that was refused, with where the problem is. Nothing of the refused input was imported.
 * The message reads {@code source:line:column: problem}, line and column counted from 1.
 */
public final class KnowledgeImportException extends RuntimeException {
    private final String source;
    private final long line;
    private final long column;
    private final String problem;

    public KnowledgeImportException(String source, long line, long column, String problem, Throwable cause) {
        super(format(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public KnowledgeImportException(String source, long line, long column, String problem) {
        this(source, line, column, problem, null);
    }

    /** A problem with the input as a whole (unreadable, unsupported), not at one place in it. */
    public KnowledgeImportException(String source, String problem, Throwable cause) {
        this(source, -1, -1, problem, cause);
    }

    /** The file or stream name given to the import. */
    public String source() {
        return source;
    }

    /** The line of the problem, from 1; -1 when the problem has no single place. */
    public long line() {
        return line;
    }

    /** The column of the problem, from 1; -1 when unknown. */
    public long column() {
        return column;
    }

    /** The problem without its place. */
    public String problem() {
        return problem;
    }

    private static String format(String source, long line, long column, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line);
            if (column > 0) {
                message.append(':').append(column);
            }
        }
        return message.append(": ").append(problem).toString();
    }
}
