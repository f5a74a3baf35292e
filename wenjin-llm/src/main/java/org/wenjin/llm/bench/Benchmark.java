package org.wenjin.llm.bench;

import java.util.SplittableRandom;
import org.wenjin.llm.model.SequenceState;
import org.wenjin.llm.model.Transformer;
import org.wenjin.llm.tensor.FloatTensor;

/**
 * Prompt processing (pp) and text generation (tg) speed, measured as llama-bench measures it: pp runs a
 * prompt of random tokens through a fresh sequence, tg decodes tokens one at a time from an empty one,
 * each repeated and reported as mean and standard deviation of tokens per second after one warm-up pass.
 *
 * @param promptTokens tokens per pp pass (0 skips pp)
 * @param generatedTokens tokens per tg pass (0 skips tg)
 * @param repetitions timed passes of each
 */
public record Benchmark(int promptTokens, int generatedTokens, int repetitions) {

    /** Tokens per second of one test: mean and sample standard deviation over the passes. */
    public record Speed(int tokens, double mean, double stddev) {}

    /** The figures of one run; {@code threads} is the number of threads that split each matmul. */
    public record Result(Speed prompt, Speed generation, int threads) {}

    public Benchmark {
        if (promptTokens < 0 || generatedTokens < 0 || repetitions < 1) {
            throw new IllegalArgumentException("need prompt and generated tokens >= 0 and repetitions >= 1, got "
                    + promptTokens + ", " + generatedTokens + ", " + repetitions);
        }
    }

    public Result run(Transformer transformer) {
        int context = Math.max(1, Math.max(promptTokens, generatedTokens));
        SplittableRandom random = new SplittableRandom(42);
        int vocabulary = transformer.config().vocabularySize();
        int[] prompt = random.ints(Math.max(promptTokens, 1), 0, vocabulary).toArray();
        // Warm-up: compiles the kernels before anything is timed.
        if (promptTokens > 0) {
            prompt(transformer, prompt, context);
        }
        if (generatedTokens > 0) {
            generate(transformer, Math.min(generatedTokens, 16), context, prompt[0]);
        }
        double[] pp = new double[promptTokens > 0 ? repetitions : 0];
        double[] tg = new double[generatedTokens > 0 ? repetitions : 0];
        for (int r = 0; r < repetitions; r++) {
            if (promptTokens > 0) {
                pp[r] = promptTokens / prompt(transformer, prompt, context);
            }
            if (generatedTokens > 0) {
                tg[r] = generatedTokens / generate(transformer, generatedTokens, context, prompt[r % prompt.length]);
            }
        }
        return new Result(speed(promptTokens, pp), speed(generatedTokens, tg), FloatTensor.threads());
    }

    /** Seconds to run the prompt and compute the logits after its last token. */
    private static double prompt(Transformer transformer, int[] tokens, int context) {
        SequenceState state = transformer.newState(context);
        long start = System.nanoTime();
        transformer.prefill(state, tokens, 0, tokens.length - 1, 0);
        transformer.forward(state, tokens[tokens.length - 1], tokens.length - 1);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds to decode {@code n} tokens greedily from an empty sequence. */
    private static double generate(Transformer transformer, int n, int context, int first) {
        SequenceState state = transformer.newState(context);
        long start = System.nanoTime();
        int token = first;
        for (int position = 0; position < n; position++) {
            token = argmax(transformer.forward(state, token, position));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Speed speed(int tokens, double[] samples) {
        if (samples.length == 0) {
            return new Speed(0, 0, 0);
        }
        double mean = 0;
        for (double s : samples) {
            mean += s;
        }
        mean /= samples.length;
        double squares = 0;
        for (double s : samples) {
            squares += (s - mean) * (s - mean);
        }
        double stddev = samples.length > 1 ? Math.sqrt(squares / (samples.length - 1)) : 0;
        return new Speed(tokens, mean, stddev);
    }
}
