package org.wenjin.store;

/** The database failed (unreachable, full disk, corrupt file); nothing of the failed operation was written. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
