package org.wenjin.llm.generate;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.wenjin.llm.model.ConcurrentDecoder;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.model.SequenceState;
import org.wenjin.llm.model.Transformer;
import org.wenjin.llm.tokenizer.TokenDecoder;

/**
 * One conversation with a model: a context of fixed size, the keys and values of the tokens in it, and the
 * generation loop. Consecutive prompts that share a prefix with what the session already holds (a chat
 * growing turn by turn) only run the new tokens through the model.
 *
 * <p>A session is used by one thread at a time; open one session per concurrent conversation.
 */
public final class Session {
    /** Prompt tokens run between two checks of the cancellation signal. */
    private static final int PREFILL_CHUNK = 32;

    private final Transformer transformer;
    private final SequenceState state;
    /** Steps this session's tokens together with other sessions' (null: alone). */
    private final ConcurrentDecoder decoder;
    private final IntPredicate endOfGeneration;
    private final Supplier<TokenDecoder> decoders;
    private final int[] cached;
    private int cachedLength;

    /**
     * A session over a loaded model: its tokenizer's end-of-generation tokens end a generation, and its
     * streaming decoder turns tokens into text. Sessions of one model that generate at the same time, from
     * different threads, are decoded together through the model's {@link LanguageModel#decoder()}.
     *
     * @param contextSize positions this session holds, at most the model's context length
     */
    public Session(LanguageModel model, int contextSize) {
        this(model.transformer(), contextSize, model.tokenizer()::isEndOfGeneration, model.tokenizer()::newDecoder,
                model.decoder());
    }

    /**
     * @param transformer     the model
     * @param contextSize     positions this session holds, at most the model's context length
     * @param endOfGeneration which sampled tokens end the generation (for example the tokenizer's
     *                        end-of-generation set, or more tokens a chat template adds)
     * @param decoders        makes the streaming decoder of each generation, which turns tokens into text
     */
    public Session(Transformer transformer, int contextSize, IntPredicate endOfGeneration,
                   Supplier<TokenDecoder> decoders) {
        this(transformer, contextSize, endOfGeneration, decoders, null);
    }

    /**
     * As {@link #Session(Transformer, int, IntPredicate, Supplier)}, decoding through {@code decoder} (shared
     * with other sessions of the same transformer) when it is not null.
     */
    public Session(Transformer transformer, int contextSize, IntPredicate endOfGeneration,
                   Supplier<TokenDecoder> decoders, ConcurrentDecoder decoder) {
        int trained = transformer.config().contextLength();
        if (contextSize <= 0 || contextSize > trained) {
            throw new IllegalArgumentException("context size must be in [1, " + trained
                    + "] (the model's context_length), was " + contextSize);
        }
        this.transformer = transformer;
        this.state = transformer.newState(contextSize);
        this.endOfGeneration = endOfGeneration;
        this.decoders = decoders;
        this.decoder = decoder;
        this.cached = new int[contextSize];
    }

    public int contextSize() {
        return cached.length;
    }

    /** The tokens whose keys and values the session holds, in order. */
    public int[] cachedTokens() {
        return Arrays.copyOf(cached, cachedLength);
    }

    /** Forgets the cached tokens; the next prompt is run in full. */
    public void reset() {
        cachedLength = 0;
    }

    /**
     * Runs the prompt (reusing the cached prefix it shares with earlier calls) and generates after it.
     *
     * @throws ContextOverflowException if the prompt is longer than the context and the request does not
     *                                  allow truncation
     */
    public GenerationResult generate(int[] prompt, GenerationRequest request, GenerationListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token (for example BOS)");
        }
        int vocabularySize = transformer.config().vocabularySize();
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= vocabularySize) {
                throw new IllegalArgumentException("prompt token " + i + " is " + prompt[i]
                        + ", outside the vocabulary [0, " + vocabularySize + ")");
            }
        }
        int truncated = 0;
        if (prompt.length > contextSize()) {
            if (!request.truncatePrompt()) {
                throw new ContextOverflowException(prompt.length, contextSize());
            }
            // Keep the newest tokens, leaving room for the answer: up to maxTokens, at most half the context.
            int room = Math.max(1, Math.min(request.maxTokens(), contextSize() / 2));
            truncated = prompt.length - (contextSize() - room);
            prompt = Arrays.copyOfRange(prompt, truncated, prompt.length);
        }

        long start = System.nanoTime();
        Sampler sampler = new Sampler(request.sampling(), vocabularySize);
        for (int token : prompt) {
            sampler.accept(token);
        }
        int reused = commonPrefix(prompt);
        if (reused == prompt.length) {
            reused--; // the last prompt token must run again: its logits are the first prediction
        }
        cachedLength = reused;
        while (cachedLength < prompt.length - 1) {
            if (request.cancelled().getAsBoolean()) {
                return new GenerationResult(new int[0], "", FinishReason.CANCELLED, null, prompt.length,
                        truncated, reused, System.nanoTime() - start, 0);
            }
            int end = Math.min(prompt.length - 1, cachedLength + PREFILL_CHUNK);
            transformer.prefill(state, prompt, cachedLength, end, cachedLength);
            System.arraycopy(prompt, cachedLength, cached, cachedLength, end - cachedLength);
            cachedLength = end;
        }
        if (decoder != null) {
            decoder.enter();
        }
        try {
            return decode(prompt, request, listener, sampler, start, truncated, reused);
        } finally {
            if (decoder != null) {
                decoder.leave();
            }
        }
    }

    /** Runs the prompt's last token and generates after it. */
    private GenerationResult decode(int[] prompt, GenerationRequest request, GenerationListener listener,
                                    Sampler sampler, long start, int truncated, int reused) {
        float[] logits = feed(prompt[prompt.length - 1]);
        long promptNanos = System.nanoTime() - start;

        start = System.nanoTime();
        StopStrings stops = new StopStrings(request.stopStrings());
        TokenDecoder decoder = decoders.get();
        StringBuilder text = new StringBuilder();
        int[] generated = new int[Math.min(request.maxTokens(), contextSize())];
        int count = 0;
        FinishReason reason;
        String stop = null;
        while (true) {
            int token = sampler.sample(logits);
            if (endOfGeneration.test(token)) {
                reason = FinishReason.STOP;
                stop = Integer.toString(token);
                break;
            }
            generated[count++] = token;
            sampler.accept(token);
            listener.onToken(token);
            String released = stops.append(decoder.append(token));
            if (!released.isEmpty()) {
                text.append(released);
                listener.onText(released);
            }
            if (stops.isStopped()) {
                reason = FinishReason.STOP;
                stop = stops.matched();
                break;
            }
            if (count == request.maxTokens() || cachedLength == contextSize()) {
                reason = FinishReason.LENGTH;
                break;
            }
            if (request.cancelled().getAsBoolean()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            logits = feed(token);
        }
        if (!stops.isStopped()) {
            // bytes of an unfinished character, then whatever was held back for a stop string
            String rest = stops.append(decoder.finish());
            if (stops.isStopped() && reason != FinishReason.STOP) {
                reason = FinishReason.STOP;
                stop = stops.matched();
            }
            rest += stops.flush();
            if (!rest.isEmpty()) {
                text.append(rest);
                listener.onText(rest);
            }
        }
        return new GenerationResult(Arrays.copyOf(generated, count), text.toString(), reason, stop,
                prompt.length, truncated, reused, promptNanos, System.nanoTime() - start);
    }

    /** Runs one token at the next free position and returns the logits of what follows it. */
    private float[] feed(int token) {
        float[] logits = decoder != null
                ? decoder.forward(state, token, cachedLength)
                : transformer.forward(state, token, cachedLength);
        cached[cachedLength++] = token;
        return logits;
    }

    private int commonPrefix(int[] prompt) {
        int n = Math.min(cachedLength, prompt.length);
        int i = 0;
        while (i < n && cached[i] == prompt[i]) {
            i++;
        }
        return i;
    }
}
