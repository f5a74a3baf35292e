package org.wenjin.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/** Checks {@code Authorization: Bearer KEY} against the configured keys, in time independent of the key. */
public final class BearerAuth {
    private static final String SCHEME = "Bearer ";
    private final List<byte[]> keys;

    public BearerAuth(Set<String> keys) {
        this.keys = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** @throws ApiError 401 unless the header carries one of the keys */
    public void check(String authorization) {
        if (!enabled()) {
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            throw ApiError.unauthorized("this server requires an API key: send 'Authorization: Bearer YOUR_KEY'");
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw ApiError.unauthorized("the Authorization header must use the Bearer scheme: 'Authorization: Bearer YOUR_KEY'");
        }
        byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, given);
        }
        if (!match) {
            throw ApiError.unauthorized("the API key is not valid");
        }
    }
}
