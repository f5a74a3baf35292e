package org.wenjin.model;

import java.util.Locale;

/** Who said a message, with the lower-case names the OpenAI chat format and chat templates use. */
public enum Role {
    SYSTEM, USER, ASSISTANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (expected system, user or assistant)");
    }
}
