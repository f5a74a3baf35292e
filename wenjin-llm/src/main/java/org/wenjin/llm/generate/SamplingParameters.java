package org.wenjin.llm.generate;

/**
 * How the next token is drawn from the logits.
 *
 * <p>The steps run in llama.cpp's default order (common/sampling.cpp): repetition, frequency and presence
 * penalties, then top-k, top-p, min-p, then temperature and a seeded draw. A temperature of 0 is greedy:
 * the highest logit after the penalties wins, ties going to the lowest token id.
 *
 * @param temperature       0 for greedy, otherwise logits are divided by it before the draw
 * @param topK              keep only the k highest logits; 0 keeps all
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param minP              drop tokens whose probability is below minP times the top probability; 0 keeps all
 * @param repetitionPenalty divide positive logits (multiply negative ones) of tokens seen in the window; 1 is off
 * @param frequencyPenalty  subtract this times the number of times a token was seen in the window; 0 is off
 * @param presencePenalty   subtract this once from every token seen in the window; 0 is off
 * @param penaltyWindow     how many of the most recent tokens (prompt included) the penalties look at
 * @param seed              seed of the random draw; the same seed, logits and parameters give the same tokens
 */
public record SamplingParameters(float temperature, int topK, float topP, float minP,
                                 float repetitionPenalty, float frequencyPenalty, float presencePenalty,
                                 int penaltyWindow, long seed) {

    /** Greedy decoding, no penalties: what reference outputs such as llama2.c's {@code -t 0.0} use. */
    public static SamplingParameters greedy() {
        return new SamplingParameters(0f, 0, 1f, 0f, 1f, 0f, 0f, 0, 0L);
    }

    /** llama.cpp's defaults (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, window 64, no penalties). */
    public static SamplingParameters defaults(long seed) {
        return new SamplingParameters(0.8f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, seed);
    }

    public SamplingParameters {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 keeps all tokens), was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1], was " + minP);
        }
        if (!(repetitionPenalty > 0) || Float.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetitionPenalty must be a finite number > 0, was " + repetitionPenalty);
        }
        if (!Float.isFinite(frequencyPenalty) || !Float.isFinite(presencePenalty)) {
            throw new IllegalArgumentException("frequency and presence penalties must be finite, were "
                    + frequencyPenalty + " and " + presencePenalty);
        }
        if (penaltyWindow < 0) {
            throw new IllegalArgumentException("penaltyWindow must be >= 0, was " + penaltyWindow);
        }
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }

    public boolean hasPenalties() {
        return penaltyWindow > 0 && (repetitionPenalty != 1f || frequencyPenalty != 0f || presencePenalty != 0f);
    }

    public SamplingParameters withTemperature(float value) {
        return new SamplingParameters(value, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindow, seed);
    }

    public SamplingParameters withTopK(int value) {
        return new SamplingParameters(temperature, value, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindow, seed);
    }

    public SamplingParameters withTopP(float value) {
        return new SamplingParameters(temperature, topK, value, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindow, seed);
    }

    public SamplingParameters withMinP(float value) {
        return new SamplingParameters(temperature, topK, topP, value, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindow, seed);
    }

    public SamplingParameters withPenalties(float repetition, float frequency, float presence, int window) {
        return new SamplingParameters(temperature, topK, topP, minP, repetition, frequency, presence, window, seed);
    }

    public SamplingParameters withSeed(long value) {
        return new SamplingParameters(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindow, value);
    }
}
