package org.wenjin.store;

import java.util.Locale;

/** A thumbs-up or thumbs-down on an answer. */
public enum Rating {
    UP, DOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Rating fromWireName(String name) {
        for (Rating rating : values()) {
            if (rating.wireName().equals(name)) {
                return rating;
            }
        }
        throw new IllegalArgumentException("unknown rating '" + name + "' (expected up or down)");
    }
}
