package org.wenjin.llm.model;

import java.util.Arrays;
import org.wenjin.llm.tensor.FloatTensor;

/**
 * The forward pass shared by every {@link Architecture}: a pre-norm decoder-only transformer (Llama,
 * Touvron et al., arXiv:2302.13971) with RMSNorm, grouped-query attention with rotary position embeddings,
 * and a SwiGLU feed-forward (Shazeer, arXiv:2002.05202). The architectures' differences — biases on Q/K/V,
 * per-head Q/K norms, the RoPE pairing — come from {@link Architecture} and the weights present.
 *
 * <p>A transformer is immutable and can serve any number of {@link SequenceState}s, each from one thread.
 */
public final class Transformer {
    /** Attention weights of one head over the positions so far, one buffer per thread that attends. */
    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[0]);

    private final ModelConfig config;
    private final Weights weights;
    private final Rope rope;

    public Transformer(ModelConfig config, Weights weights) {
        if (weights.layers().length != config.blockCount()) {
            throw new IllegalArgumentException("weights have " + weights.layers().length + " blocks, the configuration "
                    + config.blockCount());
        }
        this.config = config;
        this.weights = weights;
        this.rope = new Rope(config.architecture().ropeStyle(), config.ropeDimensions(), config.ropeFreqBase(),
                config.ropeLinearScale(), weights.ropeFactors());
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return weights;
    }

    /** A fresh sequence that can hold {@code contextSize} positions, its cache of the default precision. */
    public SequenceState newState(int contextSize) {
        return newState(contextSize, KvCache.defaultPrecision());
    }

    /** A fresh sequence that can hold {@code contextSize} positions, its cache stored at {@code precision}. */
    public SequenceState newState(int contextSize, KvCache.Precision precision) {
        if (contextSize <= 0 || contextSize > config.contextLength()) {
            throw new IllegalArgumentException("context size must be in [1, " + config.contextLength()
                    + "] (the model's context_length), was " + contextSize);
        }
        SequenceState state = new SequenceState(config, contextSize, precision);
        state.attention = task -> attendHead(state, task / config.headCount(), task % config.headCount());
        return state;
    }

    /**
     * Runs {@code token} at {@code position} and returns the logits of the next token (the state's
     * buffer, overwritten by the next call). Positions before it must already be in the cache.
     */
    public float[] forward(SequenceState state, int token, int position) {
        step(state, token, position);
        RmsNorm.apply(state.xb, 0, state.x, 0, weights.outputNorm(), config.embeddingLength(), config.rmsEpsilon());
        weights.output().matmul(state.xb, state.logits, config.vocabularySize(), config.embeddingLength());
        return state.logits;
    }

    /** Scratch for decoding up to {@code capacity} sequences in one step. */
    public DecodeBatch newDecodeBatch(int capacity) {
        DecodeBatch batch = new DecodeBatch(config, capacity);
        batch.attention = task -> {
            int b = task / config.headCount();
            int h = task % config.headCount();
            SequenceState s = batch.states[b];
            attendHead(s.cache, batch.layer, batch.positions[b], batch.vectors.q, b * config.queryWidth(),
                    batch.vectors.heads, b * config.attentionOutputWidth(), h);
        };
        return batch;
    }

    /**
     * One decoding step of {@code n} sequences together (continuous batching): {@code tokens[i]} runs at
     * position {@code positions[i]} of {@code states[i]}, and {@code states[i].logits()} receives the logits of
     * what follows it. Every weight matrix is read once for the whole step instead of once per sequence; each
     * sequence keeps its own KV cache and attends only to its own positions, so the results equal
     * {@link #forward(SequenceState, int, int)} for each sequence alone (up to the rounding of activations
     * that the integer kernels share between one and many vectors). The states must be distinct.
     */
    public void forward(DecodeBatch batch, SequenceState[] states, int[] tokens, int[] positions, int n) {
        if (n < 1 || n > batch.capacity()) {
            throw new IllegalArgumentException("a step holds 1 to " + batch.capacity() + " sequences, was " + n);
        }
        int vocabulary = config.vocabularySize();
        for (int b = 0; b < n; b++) {
            if (tokens[b] < 0 || tokens[b] >= vocabulary) {
                throw new IllegalArgumentException("token " + tokens[b] + " of sequence " + b
                        + " is outside the vocabulary [0, " + vocabulary + ")");
            }
            if (positions[b] < 0 || positions[b] >= states[b].contextSize()) {
                throw new IllegalArgumentException("position " + positions[b] + " of sequence " + b
                        + " is outside its context of " + states[b].contextSize() + " positions");
            }
        }
        blocks(batch, states, tokens, 0, positions, n);
        int dim = config.embeddingLength();
        PrefillBatch c = batch.vectors;
        for (int b = 0; b < n; b++) {
            RmsNorm.apply(c.xb, b * dim, c.x, b * dim, weights.outputNorm(), dim, config.rmsEpsilon());
        }
        float[] logits = batch.logits(vocabulary);
        weights.output().matmul(c.xb, logits, n, vocabulary, dim);
        for (int b = 0; b < n; b++) {
            System.arraycopy(logits, b * vocabulary, states[b].logits, 0, vocabulary);
            System.arraycopy(c.x, b * dim, states[b].x, 0, dim);
        }
    }

    /**
     * Tokens {@code tokens[from, from + n)} through every block together, token b at position {@code positions[b]}
     * of {@code states[b]}: the forward pass of {@link #step} with each matmul over all n tokens, so every weight
     * is read once for them. Each token's keys and values are stored before attention, and token b attends to
     * positions {@code [0, positions[b]]} of its own state's cache, so n consecutive tokens of one state (a
     * prompt's chunk) and n tokens of different states (a decoding step) are the same computation. Leaves the
     * residual streams in {@code batch.vectors.x}.
     */
    private void blocks(DecodeBatch batch, SequenceState[] states, int[] tokens, int from, int[] positions, int n) {
        PrefillBatch c = batch.vectors;
        int dim = config.embeddingLength();
        int headSize = config.keyLength();
        int qw = config.queryWidth();
        int kw = config.keyWidth();
        int vw = config.valueWidth();
        int ff = config.feedForwardLength();
        float eps = config.rmsEpsilon();
        for (int b = 0; b < n; b++) {
            states[b].reserve(positions[b] + 1);
            weights.tokenEmbedding().copyTo((long) tokens[from + b] * dim, c.x, b * dim, dim);
        }
        batch.states = states;
        batch.positions = positions;
        try {
            for (int layer = 0; layer < config.blockCount(); layer++) {
                LayerWeights w = weights.layers()[layer];
                for (int b = 0; b < n; b++) {
                    RmsNorm.apply(c.xb, b * dim, c.x, b * dim, w.attentionNorm(), dim, eps);
                }
                w.query().matmul(c.xb, c.q, n, qw, dim);
                w.key().matmul(c.xb, c.k, n, kw, dim);
                w.value().matmul(c.xb, c.v, n, vw, dim);
                for (int b = 0; b < n; b++) {
                    SequenceState s = states[b];
                    if (w.queryBias() != null) {
                        add(c.q, b * qw, w.queryBias());
                        add(c.k, b * kw, w.keyBias());
                        add(c.v, b * vw, w.valueBias());
                    }
                    if (w.queryNorm() != null) {
                        for (int h = 0; h < config.headCount(); h++) {
                            int at = b * qw + h * headSize;
                            RmsNorm.apply(c.q, at, c.q, at, w.queryNorm(), headSize, eps);
                        }
                        for (int h = 0; h < config.headCountKv(); h++) {
                            int at = b * kw + h * headSize;
                            RmsNorm.apply(c.k, at, c.k, at, w.keyNorm(), headSize, eps);
                        }
                    }
                    rope.angles(positions[b], s.ropeCos, s.ropeSin);
                    rope.rotate(c.q, b * qw, config.headCount(), headSize, s.ropeCos, s.ropeSin);
                    rope.rotate(c.k, b * kw, config.headCountKv(), headSize, s.ropeCos, s.ropeSin);
                    s.cache.store(layer, positions[b], c.k, b * kw, c.v, b * vw);
                }
                batch.layer = layer;
                FloatTensor.parallelFor(n * config.headCount(), batch.attention);
                w.attentionOutput().matmul(c.heads, c.delta, n, dim, config.attentionOutputWidth());
                add(c.x, c.delta, n * dim);

                for (int b = 0; b < n; b++) {
                    RmsNorm.apply(c.xb, b * dim, c.x, b * dim, w.feedForwardNorm(), dim, eps);
                }
                w.gate().matmul(c.xb, c.gate, n, ff, dim);
                w.up().matmul(c.xb, c.up, n, ff, dim);
                for (int i = 0; i < n * ff; i++) {
                    float g = c.gate[i];
                    c.gate[i] = g / (1f + (float) Math.exp(-g)) * c.up[i];
                }
                w.down().matmul(c.gate, c.delta, n, dim, ff);
                add(c.x, c.delta, n * dim);
            }
        } finally {
            batch.states = null;
            batch.positions = null;
        }
    }

    /**
     * Runs {@code tokens[from, to)} at positions {@code position, position + 1, ...} to fill the cache,
     * skipping the classifier: the prompt before its last token needs no logits.
     */
    public void prefill(SequenceState state, int[] tokens, int from, int to, int position) {
        if (to - from == 1) {
            step(state, tokens[from], position);
            return;
        }
        if (state.batch == null && to > from) {
            state.batch = new PrefillChunk(newDecodeBatch(PrefillBatch.SIZE), PrefillBatch.SIZE);
        }
        for (int i = from; i < to; i += PrefillBatch.SIZE) {
            int n = Math.min(PrefillBatch.SIZE, to - i);
            chunk(state, tokens, i, n, position + (i - from));
        }
    }

    /**
     * Tokens {@code tokens[from, from + n)} at positions {@code position, ...} of {@code s} through every block
     * together ({@link #blocks}, with the same state for every token). Leaves the last token's residual stream in
     * {@code s.x}.
     */
    private void chunk(SequenceState s, int[] tokens, int from, int n, int position) {
        for (int b = 0; b < n; b++) {
            int token = tokens[from + b];
            if (token < 0 || token >= config.vocabularySize()) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, "
                        + config.vocabularySize() + ")");
            }
        }
        if (position < 0 || position + n > s.contextSize()) {
            throw new IllegalArgumentException("positions [" + position + ", " + (position + n)
                    + ") are outside the context of " + s.contextSize() + " positions");
        }
        PrefillChunk chunk = s.batch;
        for (int b = 0; b < n; b++) {
            chunk.states()[b] = s;
            chunk.positions()[b] = position + b;
        }
        blocks(chunk.batch(), chunk.states(), tokens, from, chunk.positions(), n);
        int dim = config.embeddingLength();
        System.arraycopy(chunk.batch().vectors.x, (n - 1) * dim, s.x, 0, dim);
    }

    /** One token through every block, leaving the final residual stream in {@code state.x}. */
    private void step(SequenceState s, int token, int position) {
        if (token < 0 || token >= config.vocabularySize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, "
                    + config.vocabularySize() + ")");
        }
        if (position < 0 || position >= s.contextSize()) {
            throw new IllegalArgumentException("position " + position + " is outside the context of "
                    + s.contextSize() + " positions");
        }
        int dim = config.embeddingLength();
        int headSize = config.keyLength();
        float eps = config.rmsEpsilon();
        s.reserve(position + 1);
        weights.tokenEmbedding().copyTo((long) token * dim, s.x, 0, dim);
        rope.angles(position, s.ropeCos, s.ropeSin);

        for (int layer = 0; layer < config.blockCount(); layer++) {
            LayerWeights w = weights.layers()[layer];

            // Attention: x += Wo · attention(RoPE(Wq·norm(x)), RoPE(Wk·norm(x)), Wv·norm(x))
            RmsNorm.apply(s.xb, 0, s.x, 0, w.attentionNorm(), dim, eps);
            w.query().matmul(s.xb, s.q, config.queryWidth(), dim);
            w.key().matmul(s.xb, s.k, config.keyWidth(), dim);
            w.value().matmul(s.xb, s.v, config.valueWidth(), dim);
            if (w.queryBias() != null) {
                add(s.q, w.queryBias());
                add(s.k, w.keyBias());
                add(s.v, w.valueBias());
            }
            if (w.queryNorm() != null) {
                for (int h = 0; h < config.headCount(); h++) {
                    RmsNorm.apply(s.q, h * headSize, s.q, h * headSize, w.queryNorm(), headSize, eps);
                }
                for (int h = 0; h < config.headCountKv(); h++) {
                    RmsNorm.apply(s.k, h * headSize, s.k, h * headSize, w.keyNorm(), headSize, eps);
                }
            }
            rope.rotate(s.q, 0, config.headCount(), headSize, s.ropeCos, s.ropeSin);
            rope.rotate(s.k, 0, config.headCountKv(), headSize, s.ropeCos, s.ropeSin);
            s.cache.store(layer, position, s.k, s.v);
            attention(s, layer, position, 1, s.q, s.heads);
            w.attentionOutput().matmul(s.heads, s.delta, dim, config.attentionOutputWidth());
            add(s.x, s.delta);

            // Feed-forward: x += W_down · (SiLU(W_gate·norm(x)) ⊙ W_up·norm(x))
            RmsNorm.apply(s.xb, 0, s.x, 0, w.feedForwardNorm(), dim, eps);
            w.gate().matmul(s.xb, s.gate, config.feedForwardLength(), dim);
            w.up().matmul(s.xb, s.up, config.feedForwardLength(), dim);
            for (int i = 0; i < config.feedForwardLength(); i++) {
                float g = s.gate[i];
                s.gate[i] = g / (1f + (float) Math.exp(-g)) * s.up[i];
            }
            w.down().matmul(s.gate, s.delta, dim, config.feedForwardLength());
            add(s.x, s.delta);
        }
    }

    /**
     * Scaled dot-product attention (Vaswani et al., arXiv:1706.03762) for {@code tokens} consecutive tokens
     * from {@code position}: token b's query heads ({@code queries} from {@code b * queryWidth}) over
     * positions {@code [0, position + b]}, causal by construction, into {@code out}. Every (token, head) pair
     * is one task on the matmul threads.
     */
    private void attention(SequenceState s, int layer, int position, int tokens, float[] queries, float[] out) {
        s.attentionLayer = layer;
        s.attentionStart = position;
        s.attentionTokens = tokens;
        s.attentionQueries = queries;
        s.attentionOutput = out;
        FloatTensor.parallelFor(tokens * config.headCount(), s.attention);
    }

    /** Query head h of token b of the current {@link #attention} call of {@code s}. */
    private void attendHead(SequenceState s, int b, int h) {
        attendHead(s.cache, s.attentionLayer, s.attentionStart + b, s.attentionQueries, b * config.queryWidth(),
                s.attentionOutput, b * config.attentionOutputWidth(), h);
    }

    /**
     * Query head h (from {@code q[query + h * headSize]}) at {@code position} over the cached keys and values
     * of positions {@code [0, position]} in {@code layer}, into {@code heads[out + h * valueSize]}. Query head
     * h reads key/value head {@code h / queriesPerKvHead} (grouped-query attention).
     */
    private void attendHead(KvCache cache, int layer, int position, float[] q, int query, float[] heads, int out,
                            int h) {
        int headSize = config.keyLength();
        int valueSize = config.valueLength();
        float scale = (float) (1.0 / Math.sqrt(headSize));
        float[] scores = SCORES.get();
        if (scores.length < position + 1) {
            scores = new float[Math.max(position + 1, cache.allocated())];
            SCORES.set(scores);
        }
        int kvHead = h / config.queriesPerKvHead();
        int at = query + h * headSize;
        for (int t = 0; t <= position; t++) {
            scores[t] = cache.keyDot(layer, t, kvHead * headSize, q, at, headSize) * scale;
        }
        Softmax.inPlace(scores, 0, position + 1);
        int into = out + h * valueSize;
        Arrays.fill(heads, into, into + valueSize, 0f);
        for (int t = 0; t <= position; t++) {
            cache.addValue(layer, t, kvHead * valueSize, scores[t], heads, into, valueSize);
        }
    }

    private static void add(float[] x, float[] y) {
        add(x, y, y.length);
    }

    /** {@code x[i] += y[i]} for i in [0, n). */
    private static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    /** {@code x[offset + i] += y[i]} for every i of y. */
    private static void add(float[] x, int offset, float[] y) {
        for (int i = 0; i < y.length; i++) {
            x[offset + i] += y[i];
        }
    }
}
