package org.wenjin.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Hands out strictly increasing times in microseconds since the epoch, so that rows written one after
 * another in this process sort in the order they were written even within one clock tick.
 */
final class Timestamps {
    private final Clock clock;
    private long last;

    Timestamps(Clock clock) {
        this.clock = clock;
    }

    synchronized long next() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        last = Math.max(now, last + 1);
        return last;
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
