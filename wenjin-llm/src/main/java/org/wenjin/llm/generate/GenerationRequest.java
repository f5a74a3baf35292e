package org.wenjin.llm.generate;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What to generate after a prompt.
 *
 * @param maxTokens      most tokens to generate (end-of-generation tokens are not counted)
 * @param sampling       how each token is drawn
 * @param stopStrings    generation stops when the decoded text contains one; it is cut off the result
 * @param truncatePrompt whether a prompt longer than the context may lose its oldest tokens instead of
 *                       failing with {@link ContextOverflowException}
 * @param cancelled      polled between tokens; returning true ends the generation with
 *                       {@link FinishReason#CANCELLED}
 */
public record GenerationRequest(int maxTokens, SamplingParameters sampling, List<String> stopStrings,
                                boolean truncatePrompt, BooleanSupplier cancelled) {

    public GenerationRequest {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling parameters are required");
        }
        stopStrings = List.copyOf(stopStrings);
        new StopStrings(stopStrings); // rejects empty stop strings here rather than mid-generation
        cancelled = cancelled == null ? () -> false : cancelled;
    }

    /** Up to {@code maxTokens} tokens with the given sampling, no stop strings, no truncation. */
    public static GenerationRequest of(int maxTokens, SamplingParameters sampling) {
        return new GenerationRequest(maxTokens, sampling, List.of(), false, null);
    }

    public GenerationRequest withStopStrings(List<String> value) {
        return new GenerationRequest(maxTokens, sampling, value, truncatePrompt, cancelled);
    }

    public GenerationRequest withTruncatedPrompt(boolean value) {
        return new GenerationRequest(maxTokens, sampling, stopStrings, value, cancelled);
    }

    public GenerationRequest withCancellation(BooleanSupplier value) {
        return new GenerationRequest(maxTokens, sampling, stopStrings, truncatePrompt, value);
    }
}
