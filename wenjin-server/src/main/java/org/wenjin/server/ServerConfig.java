package org.wenjin.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;

/**
 * How the server listens and how much it takes on.
 *
 * @param host the address to bind; a loopback address unless API keys are set
 * @param port the TCP port, 0 for any free port
 * @param apiKeys keys accepted as {@code Authorization: Bearer KEY} on /v1 and /api; empty for no authentication
 * @param maxBodyBytes the largest request body accepted
 * @param maxConcurrentGenerations answers generated at the same time
 * @param maxQueuedGenerations requests allowed to wait for a free generation slot; more get 429
 * @param shutdownGrace how long {@code close()} lets running answers finish before ending them
 */
public record ServerConfig(String host, int port, Set<String> apiKeys, long maxBodyBytes,
                           int maxConcurrentGenerations, int maxQueuedGenerations, Duration shutdownGrace) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        apiKeys = apiKeys == null ? Set.of() : Set.copyOf(apiKeys);
        for (String key : apiKeys) {
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("an API key must be non-empty and contain no spaces");
            }
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
        if (maxConcurrentGenerations < 1) {
            throw new IllegalArgumentException("maxConcurrentGenerations must be at least 1, was " + maxConcurrentGenerations);
        }
        if (maxQueuedGenerations < 0) {
            throw new IllegalArgumentException("maxQueuedGenerations must not be negative, was " + maxQueuedGenerations);
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be zero or positive");
        }
    }

    /** Loopback only, port 8080, no keys, 1 MiB bodies, one answer at a time with eight waiting, 10 s grace. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Set.of(), DEFAULT_MAX_BODY_BYTES, 1, 8, Duration.ofSeconds(10));
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, apiKeys, maxBodyBytes, maxConcurrentGenerations, maxQueuedGenerations, shutdownGrace);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, apiKeys, maxBodyBytes, maxConcurrentGenerations, maxQueuedGenerations, shutdownGrace);
    }

    public ServerConfig withApiKeys(Set<String> value) {
        return new ServerConfig(host, port, value, maxBodyBytes, maxConcurrentGenerations, maxQueuedGenerations, shutdownGrace);
    }

    public ServerConfig withMaxBodyBytes(long value) {
        return new ServerConfig(host, port, apiKeys, value, maxConcurrentGenerations, maxQueuedGenerations, shutdownGrace);
    }

    public ServerConfig withGenerationLimits(int concurrent, int queued) {
        return new ServerConfig(host, port, apiKeys, maxBodyBytes, concurrent, queued, shutdownGrace);
    }

    public ServerConfig withShutdownGrace(Duration value) {
        return new ServerConfig(host, port, apiKeys, maxBodyBytes, maxConcurrentGenerations, maxQueuedGenerations, value);
    }

    public boolean requiresApiKey() {
        return !apiKeys.isEmpty();
    }

    /** Whether {@link #host} names only this machine (127.0.0.0/8, ::1 or localhost). */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
