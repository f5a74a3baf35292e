package org.wenjin.cli;

/** Turns an exception into the one line a user needs: what went wrong and where. */
final class CliErrors {
    private CliErrors() {
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (System.getenv("WENJIN_DEBUG") != null) {
            error.printStackTrace();
        }
        return message;
    }
}
