package org.wenjin.llm.generate;

/**
 * A finished generation.
 *
 * @param tokens          the generated token ids, without the end-of-generation token; when a stop string
 *                        ended the generation, the token that completed it is included
 * @param text            the decoded text, cut before the stop string
 * @param finishReason    why it ended
 * @param stop            what ended it when the reason is {@link FinishReason#STOP}: the stop string, or
 *                        the end-of-generation token's id as a decimal string; null otherwise
 * @param promptTokens    tokens of the prompt the model saw (after any truncation)
 * @param truncatedTokens tokens dropped from the front of the prompt to fit the context
 * @param reusedTokens    leading prompt tokens whose keys and values were already in the session's cache
 * @param promptNanos     time spent on the prompt (prefill), in nanoseconds
 * @param generationNanos time spent generating after the prompt, in nanoseconds
 */
public record GenerationResult(int[] tokens, String text, FinishReason finishReason, String stop,
                               int promptTokens, int truncatedTokens, int reusedTokens,
                               long promptNanos, long generationNanos) {

    public int generatedTokens() {
        return tokens.length;
    }

    /** Generated tokens per second after the prompt, or 0 when too little was generated to tell. */
    public double tokensPerSecond() {
        return generationNanos <= 0 ? 0 : tokens.length * 1e9 / generationNanos;
    }
}
