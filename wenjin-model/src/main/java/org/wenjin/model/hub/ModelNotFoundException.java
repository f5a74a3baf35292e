package org.wenjin.model.hub;

import java.io.IOException;

/** The hub has no such repository or file. */
public final class ModelNotFoundException extends IOException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
