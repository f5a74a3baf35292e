package org.wenjin.model;

import java.util.List;

/**
 * How to sample a reply. {@code seed} is null for a fresh random seed; {@code temperature} 0 means greedy.
 */
public record GenerationOptions(int maxTokens, double temperature, double topP, Long seed, List<String> stop) {
    public static final GenerationOptions DEFAULTS = new GenerationOptions(512, 0.7, 0.9, null, List.of());

    public GenerationOptions {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must not be negative, was " + temperature);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public GenerationOptions withMaxTokens(int value) {
        return new GenerationOptions(value, temperature, topP, seed, stop);
    }

    public GenerationOptions withTemperature(double value) {
        return new GenerationOptions(maxTokens, value, topP, seed, stop);
    }
}
