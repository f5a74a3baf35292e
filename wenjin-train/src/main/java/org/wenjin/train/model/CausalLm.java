package org.wenjin.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.LayerWeights;
import org.wenjin.llm.model.ModelConfig;
import org.wenjin.llm.model.RopeStyle;
import org.wenjin.llm.model.Weights;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The engine's transformer ({@link org.wenjin.llm.model.Transformer}) written again in the training engine's
 * differentiable operations, with its weights taken from the same GGUF file and dequantized by the engine's own
 * code, so that what is trained is exactly what the engine runs. One forward pass covers a packed sequence of
 * several documents: each token attends causally within its own document only, and RoPE positions restart with
 * each document.
 *
 * <p>All tensors live in the manager given to {@link #load}; closing it frees the model.
 */
public final class CausalLm {
    /** Values dequantized at a time while loading a tensor. */
    private static final int STAGING_CHUNK = 1 << 20;
    /** The attention score of a position that may not be attended to. */
    private static final float MASKED = -1e9f;
    private final ModelConfig config;
    private final DataType dataType;
    private final NDArray tokenEmbedding;
    private final NDArray outputNorm;
    private final NDArray output;
    private final boolean tiedOutput;
    private final BlockParameters[] blocks;
    private final double[] ropeFrequencies;
    private final LoraSettings lora;
    /** 1/sqrt(key length), the attention scale, as a tensor the graphs can keep ({@link Constants}). */
    private final NDArray attentionScale;
    /** RMSNorm's epsilon, likewise. */
    private final NDArray rmsEpsilon;

    private CausalLm(ModelConfig config, DataType dataType, NDArray tokenEmbedding, NDArray outputNorm, NDArray output,
                     boolean tiedOutput, BlockParameters[] blocks, double[] ropeFrequencies, LoraSettings lora) {
        this.config = config;
        this.dataType = dataType;
        this.tokenEmbedding = tokenEmbedding;
        this.outputNorm = outputNorm;
        this.output = output;
        this.tiedOutput = tiedOutput;
        this.blocks = blocks;
        this.ropeFrequencies = ropeFrequencies;
        this.lora = lora;
        this.attentionScale = Constants.scalar(tokenEmbedding.getManager(), 1.0 / Math.sqrt(config.keyLength()), dataType);
        this.rmsEpsilon = Constants.scalar(tokenEmbedding.getManager(), config.rmsEpsilon(), dataType);
    }

    /**
     * Reads a model from {@code file}, every tensor dequantized by the engine and stored as {@code dataType}
     * (FLOAT32, or FLOAT64 for gradient checks).
     *
     * @param lora LoRA adapters on a frozen base, or null for full fine-tuning (every tensor trainable)
     * @param seed seeds the adapters' initial A (B starts at zero)
     */
    public static CausalLm load(GgufFile file, NDManager manager, DataType dataType, LoraSettings lora, long seed) {
        ModelConfig config = ModelConfig.fromGguf(file);
        Weights weights = Weights.fromGguf(file, config);
        boolean full = lora == null;
        Tensors tensors = new Tensors(manager, dataType, full);
        SplittableRandom random = new SplittableRandom(seed);
        int dim = config.embeddingLength();
        BlockParameters[] blocks = new BlockParameters[config.blockCount()];
        for (int i = 0; i < blocks.length; i++) {
            LayerWeights w = weights.layers()[i];
            Matrices m = new Matrices(tensors, i, lora, random);
            blocks[i] = new BlockParameters(
                    tensors.vector(w.attentionNorm()),
                    m.linear(LoraTarget.QUERY, w.query(), config.queryWidth(), dim),
                    m.linear(LoraTarget.KEY, w.key(), config.keyWidth(), dim),
                    m.linear(LoraTarget.VALUE, w.value(), config.valueWidth(), dim),
                    tensors.vector(w.queryBias()),
                    tensors.vector(w.keyBias()),
                    tensors.vector(w.valueBias()),
                    tensors.vector(w.queryNorm()),
                    tensors.vector(w.keyNorm()),
                    m.linear(LoraTarget.OUTPUT, w.attentionOutput(), dim, config.attentionOutputWidth()),
                    tensors.vector(w.feedForwardNorm()),
                    m.linear(LoraTarget.GATE, w.gate(), config.feedForwardLength(), dim),
                    m.linear(LoraTarget.UP, w.up(), config.feedForwardLength(), dim),
                    m.linear(LoraTarget.DOWN, w.down(), dim, config.feedForwardLength()));
        }
        int vocabulary = config.vocabularySize();
        NDArray embedding = tensors.matrix(weights.tokenEmbedding(), vocabulary, dim);
        boolean tied = weights.output() == weights.tokenEmbedding();
        NDArray output = tied ? embedding : tensors.matrix(weights.output(), vocabulary, dim);
        return new CausalLm(config, dataType, embedding, tensors.vector(weights.outputNorm()), output, tied, blocks,
                ropeFrequencies(config, weights.ropeFactors()), lora);
    }

    /** The engine's RoPE frequencies ({@link org.wenjin.llm.model.Rope}), computed the same way in double. */
    private static double[] ropeFrequencies(ModelConfig config, float[] factors) {
        double[] frequencies = new double[config.ropeDimensions() / 2];
        for (int i = 0; i < frequencies.length; i++) {
            double frequency = config.ropeLinearScale()
                    * Math.pow(config.ropeFreqBase(), -2.0 * i / config.ropeDimensions());
            frequencies[i] = factors == null ? frequency : frequency / factors[i];
        }
        return frequencies;
    }

    public ModelConfig config() {
        return config;
    }

    /** The LoRA settings, or null when every tensor is trained. */
    public LoraSettings lora() {
        return lora;
    }

    /** What the optimizer updates, in a fixed order: LoRA factors block by block, or every tensor of the file. */
    public List<TrainableParameter> trainable() {
        List<TrainableParameter> list = new ArrayList<>();
        if (lora != null) {
            for (BlockParameters block : blocks) {
                for (LoraTarget target : LoraTarget.values()) {
                    AdaptedLinear m = block.matrix(target);
                    if (m.adapted()) {
                        list.add(new TrainableParameter(m.name() + ".lora_a", m.loraA()));
                        list.add(new TrainableParameter(m.name() + ".lora_b", m.loraB()));
                    }
                }
            }
            return list;
        }
        list.add(new TrainableParameter("token_embd.weight", tokenEmbedding));
        for (int i = 0; i < blocks.length; i++) {
            BlockParameters b = blocks[i];
            String blk = "blk." + i + ".";
            list.add(new TrainableParameter(blk + "attn_norm.weight", b.attentionNorm()));
            for (LoraTarget target : List.of(LoraTarget.QUERY, LoraTarget.KEY, LoraTarget.VALUE)) {
                list.add(new TrainableParameter(b.matrix(target).name(), b.matrix(target).weight()));
            }
            addIfPresent(list, blk + "attn_q.bias", b.queryBias());
            addIfPresent(list, blk + "attn_k.bias", b.keyBias());
            addIfPresent(list, blk + "attn_v.bias", b.valueBias());
            addIfPresent(list, blk + "attn_q_norm.weight", b.queryNorm());
            addIfPresent(list, blk + "attn_k_norm.weight", b.keyNorm());
            list.add(new TrainableParameter(b.attentionOutput().name(), b.attentionOutput().weight()));
            list.add(new TrainableParameter(blk + "ffn_norm.weight", b.feedForwardNorm()));
            for (LoraTarget target : List.of(LoraTarget.GATE, LoraTarget.UP, LoraTarget.DOWN)) {
                list.add(new TrainableParameter(b.matrix(target).name(), b.matrix(target).weight()));
            }
        }
        list.add(new TrainableParameter("output_norm.weight", outputNorm));
        if (!tiedOutput) {
            list.add(new TrainableParameter("output.weight", output));
        }
        return list;
    }

    private static void addIfPresent(List<TrainableParameter> list, String name, NDArray value) {
        if (value != null) {
            list.add(new TrainableParameter(name, value));
        }
    }

    /** The adapted matrices, by GGUF tensor name (empty for full fine-tuning). */
    public Map<String, AdaptedLinear> adapters() {
        Map<String, AdaptedLinear> map = new LinkedHashMap<>();
        for (BlockParameters block : blocks) {
            for (LoraTarget target : LoraTarget.values()) {
                AdaptedLinear m = block.matrix(target);
                if (m.adapted()) {
                    map.put(m.name(), m);
                }
            }
        }
        return map;
    }

    /**
     * Logits of every position of a packed sequence: row i is the distribution of the token after
     * {@code tokens[i]}. For tests and evaluation; training uses {@link #loss}, which computes the classifier only
     * where there is a target.
     */
    public NDArray logits(NDManager scratch, int[] tokens, int[] positions, int[] documents) {
        NDArray x = rmsNorm(blocks(inputs(scratch, tokens, positions, documents), false), outputNorm);
        return Linear.linear(x, output).singletonOrThrow();
    }

    /**
     * The summed cross-entropy, in nats, of the sequence's targets ({@code targets[i]} follows {@code tokens[i]};
     * -1 where nothing is predicted), and the number of targets, with the whole graph kept for a backward pass. The
     * classifier runs only on the rows with a target, which for chat data is a fraction of them and for a 150k
     * vocabulary is most of the memory.
     */
    public Loss loss(NDManager scratch, int[] tokens, int[] positions, int[] documents, int[] targets,
                     boolean training) {
        Targets wanted = Targets.of(targets, config.vocabularySize());
        if (wanted.count() == 0) {
            return new Loss(null, 0);
        }
        NDArray x = blocks(inputs(scratch, tokens, positions, documents), training);
        return new Loss(head(scratch, x, wanted.rows(), wanted.tokens()), wanted.count());
    }

    /** A summed loss and how many targets it sums over; {@code sum} is null when there are none. */
    public record Loss(NDArray sum, int targets) {
    }

    /**
     * Adds {@code scale} times the gradient of the sequence's summed cross-entropy to every trainable tensor's
     * gradient, keeping only one block's activations at a time (activation checkpointing, Chen et al.,
     * arXiv:1604.06174): the blocks first run without recording, keeping each block's input; then, from the last
     * block down, each block runs again with recording from its saved input, and its backward pass takes the
     * gradient that arrived from above and hands the one of its input to the block below. The classifier runs on
     * {@value #HEAD_ROWS} target rows at a time the same way. The gradients equal {@link #loss}'s; the memory of
     * the activations falls from all blocks' to one block's, for a third more arithmetic. Returns the summed loss
     * and the count of targets; must run with gradient recording on (inside a gradient collector).
     *
     * @param dropoutSeed seeds dropout per block, so that the recomputation drops what the first pass dropped
     */
    public double backward(NDManager scratch, int[] tokens, int[] positions, int[] documents, int[] targets,
                           double scale, long dropoutSeed) {
        Targets wanted = Targets.of(targets, config.vocabularySize());
        if (wanted.count() == 0) {
            return 0;
        }
        Inputs in = inputs(scratch, tokens, positions, documents);
        boolean training = true;
        NDArray[] saved = new NDArray[blocks.length + 1];
        try {
            // The first pass: each block's graph is dropped as soon as the block is done; only its input is kept.
            // (Detaching rather than switching recording off: DJL switches it off through a libtorch guard that
            // libtorch deprecates as unsafe.)
            saved[0] = in.embedded().stopGradient();
            for (int l = 0; l < blocks.length; l++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    seedDropout(dropoutSeed, l);
                    saved[l + 1] = block(saved[l], blocks[l], in.cos(), in.sin(), in.mask(), training).stopGradient();
                    NDScope.unregister(saved[l + 1]);
                }
            }
            // The classifier, a slice of target rows at a time, into the gradient of the last block's output.
            NDArray last = saved[blocks.length];
            last.setRequiresGradient(true);
            double sum = 0;
            for (int from = 0; from < wanted.count(); from += HEAD_ROWS) {
                int to = Math.min(wanted.count(), from + HEAD_ROWS);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray loss = head(scratch, last, Arrays.copyOfRange(wanted.rows(), from, to),
                            Arrays.copyOfRange(wanted.tokens(), from, to));
                    sum += loss.toType(DataType.FLOAT64, false).getDouble();
                    backward(loss, loss.onesLike().mul(scale));
                }
            }
            NDArray gradient = detachedGradient(last);
            // The blocks again, last to first, each with its graph, each backward pass feeding the one below.
            for (int l = blocks.length - 1; l >= 0; l--) {
                NDArray input = saved[l];
                input.setRequiresGradient(true);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    seedDropout(dropoutSeed, l);
                    NDArray out = block(input, blocks[l], in.cos(), in.sin(), in.mask(), training);
                    backward(out, gradient);
                    gradient.close();
                    gradient = detachedGradient(input);
                    NDScope.unregister(gradient);
                }
            }
            // The token embedding's own gradient, when it is trained.
            if (tokenEmbedding.hasGradient()) {
                backward(in.embedded(), gradient);
            }
            gradient.close();
            return sum;
        } finally {
            for (NDArray array : saved) {
                if (array != null) {
                    array.close();
                }
            }
        }
    }

    /** Target rows the classifier handles at once in {@link #backward}: 128 × a 150k vocabulary is 78 MB a copy. */
    static final int HEAD_ROWS = 128;

    /** Backpropagates {@code gradient} (the gradient of the loss with respect to {@code output}) through its graph. */
    private static void backward(NDArray output, NDArray gradient) {
        // DJL's gradient collector only starts from a scalar; PyTorch's backward takes any upstream gradient.
        JniUtils.backward((PtNDArray) output, (PtNDArray) gradient, false, false);
    }

    /** A copy of {@code array}'s gradient that outlives it. */
    private static NDArray detachedGradient(NDArray array) {
        NDArray gradient = array.getGradient();
        NDArray copy = gradient.duplicate();
        gradient.close();
        return copy;
    }

    private static void seedDropout(long seed, int layer) {
        Torch.engine().setRandomSeed((int) (seed * 1_000_003L + layer));
    }

    /** The rows of a sequence that have a target, and the targets. */
    private record Targets(long[] rows, long[] tokens, int count) {
        static Targets of(int[] targets, int vocabulary) {
            int count = 0;
            for (int t : targets) {
                if (t >= 0) {
                    count++;
                }
            }
            long[] rows = new long[count];
            long[] tokens = new long[count];
            for (int i = 0, j = 0; i < targets.length; i++) {
                if (targets[i] >= 0) {
                    if (targets[i] >= vocabulary) {
                        throw new IllegalArgumentException("target token " + targets[i] + " at " + i
                                + " is outside the vocabulary of " + vocabulary);
                    }
                    rows[j] = i;
                    tokens[j++] = targets[i];
                }
            }
            return new Targets(rows, tokens, count);
        }
    }

    /** The final norm, the classifier and the cross-entropy of rows {@code rows} of {@code x}: the summed loss. */
    private NDArray head(NDManager scratch, NDArray x, long[] rows, long[] wanted) {
        NDArray selected = rmsNorm(x.get(new NDIndex("{}", scratch.create(rows))), outputNorm);
        NDArray logProbabilities = Linear.linear(selected, output).singletonOrThrow().logSoftmax(-1);
        NDArray picked = logProbabilities.gather(scratch.create(wanted).reshape(wanted.length, 1), 1);
        return picked.sum().neg();
    }

    /** The sequence's embeddings, RoPE tables and attention mask. */
    private record Inputs(NDArray embedded, NDArray cos, NDArray sin, NDArray mask) {
    }

    /** Every block over the sequence's embeddings: tokens × embedding, before the final norm. */
    private NDArray blocks(Inputs in, boolean training) {
        NDArray x = in.embedded();
        for (BlockParameters block : blocks) {
            x = block(x, block, in.cos(), in.sin(), in.mask(), training);
        }
        return x;
    }

    private Inputs inputs(NDManager scratch, int[] tokens, int[] positions, int[] documents) {
        int n = tokens.length;
        if (positions.length != n || documents.length != n) {
            throw new IllegalArgumentException("tokens, positions and documents differ in length: " + n + ", "
                    + positions.length + ", " + documents.length);
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabularySize()) {
                throw new IllegalArgumentException("token " + tokens[i] + " at " + i + " is outside the vocabulary of "
                        + config.vocabularySize());
            }
            if (positions[i] < 0 || positions[i] >= config.contextLength()) {
                throw new IllegalArgumentException("position " + positions[i] + " at " + i
                        + " is outside the model's context of " + config.contextLength());
            }
            ids[i] = tokens[i];
        }
        NDArray x = Embedding.embedding(scratch.create(ids), tokenEmbedding, SparseFormat.DENSE).singletonOrThrow();
        NDArray[] rope = ropeTables(scratch, positions);
        return new Inputs(x, rope[0], rope[1], documentCausalMask(scratch, documents));
    }

    private NDArray block(NDArray x, BlockParameters w, NDArray cos, NDArray sin, NDArray mask, boolean training) {
        int n = (int) x.getShape().get(0);
        int heads = config.headCount();
        int kvHeads = config.headCountKv();
        int keyLength = config.keyLength();
        int valueLength = config.valueLength();

        // Attention: x += Wo · attention(RoPE(Wq·norm(x)), RoPE(Wk·norm(x)), Wv·norm(x))
        NDArray h = rmsNorm(x, w.attentionNorm());
        NDArray q = w.query().apply(h, w.queryBias(), training).reshape(n, heads, keyLength).transpose(1, 0, 2);
        NDArray k = w.key().apply(h, w.keyBias(), training).reshape(n, kvHeads, keyLength).transpose(1, 0, 2);
        NDArray v = w.value().apply(h, w.valueBias(), training).reshape(n, kvHeads, valueLength).transpose(1, 0, 2);
        if (w.queryNorm() != null) {
            q = rmsNorm(q, w.queryNorm());
            k = rmsNorm(k, w.keyNorm());
        }
        q = rotate(q, cos, sin);
        k = rotate(k, cos, sin);
        int group = config.queriesPerKvHead();
        if (group > 1) {
            // Grouped-query attention: query head h reads key/value head h / group, as the engine does.
            k = k.expandDims(1).repeat(1, group).reshape(heads, n, keyLength);
            v = v.expandDims(1).repeat(1, group).reshape(heads, n, valueLength);
        }
        // The 1/sqrt(d) scale goes on the queries (heads × n × d) rather than the scores (heads × n × n).
        NDArray scores = q.mul(attentionScale).batchMatMul(k.transpose(0, 2, 1)).add(mask);
        NDArray attended = scores.softmax(-1).batchMatMul(v).transpose(1, 0, 2).reshape(n, (long) heads * valueLength);
        x = x.add(w.attentionOutput().apply(attended, null, training));

        // Feed-forward: x += W_down · (SiLU(W_gate·norm(x)) ⊙ W_up·norm(x))
        h = rmsNorm(x, w.feedForwardNorm());
        NDArray gate = w.gate().apply(h, null, training);
        NDArray up = w.up().apply(h, null, training);
        NDArray swiglu = gate.mul(ai.djl.nn.Activation.sigmoid(gate)).mul(up);
        return x.add(w.down().apply(swiglu, null, training));
    }

    /** RMSNorm over the last axis. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return x.div(x.square().mean(new int[] {-1}, true).add(rmsEpsilon).sqrt()).mul(weight);
    }

    /** Cosines and sines of each position's RoPE angles, positions × (dimensions / 2). */
    private NDArray[] ropeTables(NDManager scratch, int[] positions) {
        int half = ropeFrequencies.length;
        double[] cos = new double[positions.length * half];
        double[] sin = new double[positions.length * half];
        for (int t = 0; t < positions.length; t++) {
            for (int i = 0; i < half; i++) {
                double theta = positions[t] * ropeFrequencies[i];
                // The engine rounds its tables to float; so do we, unless checking gradients in double.
                cos[t * half + i] = dataType == DataType.FLOAT64 ? Math.cos(theta) : (float) Math.cos(theta);
                sin[t * half + i] = dataType == DataType.FLOAT64 ? Math.sin(theta) : (float) Math.sin(theta);
            }
        }
        Shape shape = new Shape(positions.length, half);
        return new NDArray[] {typed(scratch.create(cos, shape)), typed(scratch.create(sin, shape))};
    }

    /**
     * Rotates heads × tokens × headSize: pairs (2i, 2i+1) for {@link RopeStyle#NORMAL}, (i, i + d/2) for
     * {@link RopeStyle#NEOX}; entries past the rotated dimensions pass unchanged.
     */
    private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        Shape shape = x.getShape();
        long heads = shape.get(0);
        long n = shape.get(1);
        long size = shape.get(2);
        int dims = config.ropeDimensions();
        int half = dims / 2;
        NDArray rotated = dims == size ? x : x.get(":, :, 0:" + dims);
        NDArray out;
        if (config.architecture().ropeStyle() == RopeStyle.NORMAL) {
            NDArray pairs = rotated.reshape(heads, n, half, 2);
            NDArray a = pairs.get(":, :, :, 0");
            NDArray b = pairs.get(":, :, :, 1");
            out = NDArrays.stack(new ai.djl.ndarray.NDList(a.mul(cos).sub(b.mul(sin)), a.mul(sin).add(b.mul(cos))), 3)
                    .reshape(heads, n, dims);
        } else {
            NDArray a = rotated.get(":, :, 0:" + half);
            NDArray b = rotated.get(":, :, " + half + ":" + dims);
            out = a.mul(cos).sub(b.mul(sin)).concat(a.mul(sin).add(b.mul(cos)), 2);
        }
        return dims == size ? out : out.concat(x.get(":, :, " + dims + ":"), 2);
    }

    /**
     * 0 where token i may attend to token j (same document, j ≤ i), a large negative number elsewhere: its exponential
     * is exactly 0 in every precision, and unlike an infinity it cannot turn into NaN in any kernel's arithmetic.
     */
    private NDArray documentCausalMask(NDManager scratch, int[] documents) {
        int n = documents.length;
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mask[i * n + j] = j <= i && documents[j] == documents[i] ? 0f : MASKED;
            }
        }
        return typed(scratch.create(mask, new Shape(n, n)));
    }

    private NDArray typed(NDArray array) {
        return array.getDataType() == dataType ? array : array.toType(dataType, false);
    }

    /** The matrices of block {@code layer}, each under its GGUF name. */
    private record Matrices(Tensors tensors, int layer, LoraSettings lora, SplittableRandom random) {
        AdaptedLinear linear(LoraTarget target, FloatTensor tensor, int outputs, int inputs) {
            return tensors.linear(target.tensorName(layer), tensor, outputs, inputs, lora, target, random);
        }
    }

    /** Reads the engine's tensors into the training engine's memory. */
    private record Tensors(NDManager manager, DataType dataType, boolean trainAll) {

        /** A rows × columns matrix; the engine stores it row-major with the row length (GGUF's ne0) inner. */
        NDArray matrix(FloatTensor tensor, int rows, int columns) {
            return parameter(tensor, (long) rows * columns, new Shape(rows, columns));
        }

        NDArray vector(float[] values) {
            return values == null ? null : parameter(FloatTensor.quantize(GgmlType.F32, values), values.length,
                    new Shape(values.length));
        }

        /**
         * The tensor's values in libtorch's own memory, dequantized by the engine. They are staged off the heap in
         * memory freed as soon as libtorch has its copy: DJL's own staging buffers (from a float[]) are direct buffers
         * that live until a garbage collection and are capped at the heap's size, which a 1.5B model's weights exceed,
         * and a heap float[] per tensor grows the heap to gigabytes that it keeps.
         */
        private NDArray parameter(FloatTensor tensor, long size, Shape shape) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment staging = arena.allocate(size * Float.BYTES, 64);
                float[] chunk = new float[(int) Math.min(size, STAGING_CHUNK)];
                for (long at = 0; at < size; at += chunk.length) {
                    int n = (int) Math.min(chunk.length, size - at);
                    tensor.copyTo(at, chunk, 0, n);
                    MemorySegment.copy(chunk, 0, staging, ValueLayout.JAVA_FLOAT, at * Float.BYTES, n);
                }
                NDArray staged = manager.create(staging.asByteBuffer().order(ByteOrder.nativeOrder()), shape,
                        DataType.FLOAT32);
                // A copy either way: duplicate() in float32, the conversion for float64.
                NDArray array = dataType == DataType.FLOAT32 ? staged.duplicate() : staged.toType(dataType, true);
                staged.close();
                array.setRequiresGradient(trainAll);
                return array;
            }
        }

        /** Weight matrix {@code name} (outputs × inputs) and, when LoRA targets it, fresh factors. */
        AdaptedLinear linear(String name, FloatTensor tensor, int outputs, int inputs, LoraSettings lora,
                             LoraTarget target, SplittableRandom random) {
            NDArray weight = matrix(tensor, outputs, inputs);
            if (lora == null || !lora.targets().contains(target)) {
                return new AdaptedLinear(name, weight, null, null, 0f, 0f);
            }
            // A as PEFT initializes it (Kaiming-uniform with a = sqrt(5): bound 1/sqrt(inputs)), B zero.
            double bound = 1 / Math.sqrt(inputs);
            float[] a = new float[lora.rank() * inputs];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            NDArray loraA = parameter(FloatTensor.quantize(GgmlType.F32, a), a.length, new Shape(lora.rank(), inputs));
            NDArray loraB = manager.zeros(new Shape(outputs, lora.rank()), dataType);
            loraA.setRequiresGradient(true);
            loraB.setRequiresGradient(true);
            return new AdaptedLinear(name, weight, loraA, loraB, lora.scale(), lora.dropout());
        }
    }
}
