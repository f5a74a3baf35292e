package org.wenjin.llm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.wenjin.llm.model.ConcurrentDecoder;
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

    /**
     * Text generation of {@code streams} sequences at once, as a server decodes concurrent conversations:
     * one thread per sequence, stepped together by a {@link ConcurrentDecoder}, each decoding
     * {@code generatedTokens} tokens greedily from its own first token. The speed is the aggregate, all
     * streams' tokens per second of wall time, after one warm-up pass.
     */
    public Speed concurrentGeneration(Transformer transformer, int streams) {
        if (streams < 1 || generatedTokens < 1) {
            throw new IllegalArgumentException("need at least one stream and one generated token, got " + streams
                    + " and " + generatedTokens);
        }
        ConcurrentDecoder decoder = new ConcurrentDecoder(transformer, streams);
        concurrentPass(transformer, decoder, streams, Math.min(generatedTokens, 16));
        double[] samples = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            samples[r] = (double) streams * generatedTokens / concurrentPass(transformer, decoder, streams, generatedTokens);
        }
        return speed(generatedTokens, samples);
    }

    /** Seconds for {@code streams} threads to decode {@code n} tokens each through {@code decoder}. */
    private static double concurrentPass(Transformer transformer, ConcurrentDecoder decoder, int streams, int n) {
        int vocabulary = transformer.config().vocabularySize();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[streams];
        Throwable[] failures = new Throwable[streams];
        for (int i = 0; i < streams; i++) {
            int stream = i;
            threads[i] = Thread.ofPlatform().name("bench-stream-" + i).start(() -> {
                SequenceState state = transformer.newState(Math.max(1, n));
                int token = (int) ((stream * 7919L + 13) % vocabulary);
                try {
                    start.await();
                    decoder.enter();
                    try {
                        for (int position = 0; position < n; position++) {
                            token = argmax(decoder.forward(state, token, position));
                        }
                    } finally {
                        decoder.leave();
                    }
                } catch (Throwable t) {
                    failures[stream] = t;
                }
            });
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while streams were decoding", e);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a stream failed", failure);
            }
        }
        return seconds;
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

    /** Mean and sample standard deviation of {@code samples} (tokens per second of each pass). */
    static Speed speed(int tokens, double[] samples) {
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
