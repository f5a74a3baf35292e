package org.wenjin.model;

import java.util.concurrent.atomic.AtomicBoolean;

/** Lets one thread ask a generation running on another to stop at the next token. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
