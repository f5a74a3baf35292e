package org.wenjin.train.sft;

import ai.djl.ndarray.types.DataType;
import org.wenjin.train.model.LoraSettings;

/**
 * How a supervised fine-tuning run trains.
 *
 * @param lora              LoRA on a frozen base, or null to train every tensor (small models only)
 * @param epochs            passes over the training examples (ignored when {@code maxSteps} is set)
 * @param learningRate      the peak learning rate
 * @param batchTokens       tokens per optimizer step: sequences of {@code sequenceLength} are accumulated up to it
 * @param sequenceLength    tokens per packed sequence (one forward pass)
 * @param maxSteps          optimizer steps to run, or 0 to run {@code epochs} epochs
 * @param seed              seeds the split, the shuffling, the adapters' initialization and dropout
 * @param warmupRatio       fraction of the steps spent warming the learning rate up
 * @param weightDecay       AdamW's decoupled weight decay
 * @param maxGradNorm       gradients are clipped to this global L2 norm (0: no clipping)
 * @param evalEvery         held-out loss every this many steps (0: only before and after)
 * @param checkpointEvery   a checkpoint every this many steps (0: only at the end)
 * @param precision         FLOAT32 (FLOAT64 for checks); bfloat16 is refused because DJL 0.36's PyTorch binding
 *                          aborts the process when it creates or converts a bfloat16 tensor
 */
public record SftOptions(LoraSettings lora, int epochs, double learningRate, int batchTokens, int sequenceLength,
                         int maxSteps, long seed, double warmupRatio, double weightDecay, double maxGradNorm,
                         int evalEvery, int checkpointEvery, DataType precision) {

    public SftOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, was " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be positive, was " + learningRate);
        }
        if (sequenceLength < 2) {
            throw new IllegalArgumentException("--seq-len must be at least 2, was " + sequenceLength);
        }
        if (batchTokens < sequenceLength) {
            throw new IllegalArgumentException("--batch-tokens (" + batchTokens
                    + ") must be at least one sequence of --seq-len (" + sequenceLength + ")");
        }
        if (maxSteps < 0 || evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("--max-steps, --eval-every and --checkpoint-every must be >= 0");
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            throw new IllegalArgumentException("--warmup must be in [0, 1), was " + warmupRatio);
        }
        if (precision == DataType.BFLOAT16 || precision == DataType.FLOAT16) {
            throw new IllegalArgumentException("training runs in fp32: DJL 0.36's PyTorch binding cannot hold "
                    + precision.toString().toLowerCase(java.util.Locale.ROOT) + " tensors (libtorch aborts)");
        }
        if (precision != DataType.FLOAT32 && precision != DataType.FLOAT64) {
            throw new IllegalArgumentException("precision must be fp32, was " + precision);
        }
    }

    /** Sequences accumulated into one optimizer step. */
    public int sequencesPerStep() {
        return Math.max(1, batchTokens / sequenceLength);
    }
}
