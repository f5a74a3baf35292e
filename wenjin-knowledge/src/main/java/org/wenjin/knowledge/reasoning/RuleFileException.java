package org.wenjin.knowledge.reasoning;

/**
 * A rules file that cannot be used, with where the problem is: {@code file:line:column: problem}, line and
 * column counted from 1. No rule of the file is used.
 */
public final class RuleFileException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;

    public RuleFileException(String file, int line, int column, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    /** The line of the problem, from 1; -1 when the problem is with the file as a whole. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
