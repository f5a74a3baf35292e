package org.wenjin.store;

import java.util.Objects;
import java.util.Set;

/** A message about to be appended to a conversation; the store gives it an id and a time. */
public record NewMessage(String role, String content, String mode, String model, String traceId,
                         String citationsJson) {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");

    public NewMessage {
        Objects.requireNonNull(content, "content");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (expected user, assistant or system)");
        }
    }

    public static NewMessage user(String content) {
        return new NewMessage("user", content, null, null, null, null);
    }

    public static NewMessage assistant(String content, String mode, String model, String traceId,
                                       String citationsJson) {
        return new NewMessage("assistant", content, mode, model, traceId, citationsJson);
    }
}
