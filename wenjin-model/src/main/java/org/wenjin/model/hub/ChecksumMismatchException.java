package org.wenjin.model.hub;

import java.io.IOException;

/** The downloaded bytes do not hash to what the hub reported; the partial file has been removed. */
public final class ChecksumMismatchException extends IOException {
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
