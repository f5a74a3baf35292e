package org.wenjin.model;

/** A backend could not produce a reply: unreachable server, bad model file, prompt too long for the context. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
