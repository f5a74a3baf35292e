package org.wenjin.train.sft;

import ai.djl.ndarray.types.DataType;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.wenjin.llm.model.ModelConfig;

/**
 * What a run will hold in memory at its peak, estimated before anything is loaded so that a model the machine
 * cannot train is refused with numbers instead of killed by the system half-way. Counts the dequantized weights,
 * for full fine-tuning their gradients and AdamW's two moments, and the activations autograd keeps for the backward
 * pass of one sequence (attention scores grow with its square; the classifier with the vocabulary).
 *
 * @param weights     bytes of the model's tensors as trained
 * @param training    bytes of gradients and optimizer moments
 * @param activations bytes kept for one sequence's backward pass
 * @param mappedFile  bytes of the GGUF file, whose pages the engine's dequantization maps in
 */
public record MemoryEstimate(long weights, long training, long activations, long mappedFile) {
    /** The JVM, libtorch's code and thread pools: what a run takes before any tensor. */
    private static final long RUNTIME = 512L << 20;

    /**
     * The estimate for {@code config} trained as {@code options} say; {@code parameters} counts the base's values.
     * Activations are recomputed block by block ({@link org.wenjin.train.model.CausalLm#backward}): one block's graph
     * and every block's input are kept, and the classifier's rows go 128 at a time.
     */
    public static MemoryEstimate of(ModelConfig config, long parameters, long fileBytes, SftOptions options) {
        int bytes = options.precision() == DataType.FLOAT64 ? 8 : 4;
        long weights = parameters * bytes;
        long trained;
        if (options.lora() == null) {
            trained = parameters;
        } else {
            long perBlock = 0;
            int rank = options.lora().rank();
            int dim = config.embeddingLength();
            int ff = config.feedForwardLength();
            for (var target : options.lora().targets()) {
                perBlock += (long) rank * switch (target) {
                    case QUERY -> dim + config.queryWidth();
                    case KEY -> dim + config.keyWidth();
                    case VALUE -> dim + config.valueWidth();
                    case OUTPUT -> config.attentionOutputWidth() + dim;
                    case GATE, UP, DOWN -> dim + ff;
                };
            }
            trained = perBlock * config.blockCount();
        }
        // Gradient, first and second moment, and the factors themselves in float32 for LoRA.
        long training = trained * 4 * (options.lora() == null ? 3 : 4);
        // What autograd keeps per block, measured on the Qwen2.5 shapes: about 16 copies of the residual width and
        // 10 of the feed-forward width per token (norms, projections, LoRA's paths, SwiGLU), and 4 attention
        // matrices of heads × n × n (scores, masked, softmax, and the gradient's).
        long n = options.sequenceLength();
        long perLayer = n * (16L * config.embeddingLength() + 4L * config.queryWidth() + 6L * config.keyWidth()
                + 10L * config.feedForwardLength()) + 4L * config.headCount() * n * n;
        long classifier = 4L * Math.min(n, 128) * config.vocabularySize() * 4;
        long activations = (perLayer + n * config.embeddingLength() * (config.blockCount() + 2L)) * bytes + classifier;
        return new MemoryEstimate(weights, training, activations, fileBytes);
    }

    /**
     * Everything together: the tensors with 15 % for libtorch's allocator, the mapped file and the runtime. Within 5 %
     * of the peaks measured on the Qwen2.5-0.5B and 1.5B shapes (3.81 and 9.50 GiB, docs/training.md).
     */
    public long total() {
        return (weights + training + activations) * 23 / 20 + mappedFile + RUNTIME;
    }

    /** The machine's physical memory, or -1 where the JVM cannot tell. */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (weights %s, gradients and optimizer %s, activations %s, model file %s)",
                gib(total()), gib(weights), gib(training), gib(activations), gib(mappedFile));
    }

    /** Bytes in GiB, or MiB below one GiB, so that small limits do not read as zero. */
    public static String gib(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
