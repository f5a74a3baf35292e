package org.wenjin.media;

/** Media could not be made: bad input, a missing external program, or a program that failed; the message says which and what to do. */
public final class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
