package org.wenjin.train.sft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.wenjin.train.data.EncodedExample;
import org.wenjin.train.data.Packer;
import org.wenjin.train.data.SftSplit;
import org.wenjin.train.data.TrainingSequence;

/**
 * Which packed sequences each optimizer step trains on. Epoch e is the training examples shuffled by
 * (seed, e) and packed; the epochs follow each other as one stream cut into steps of
 * {@link SftOptions#sequencesPerStep()} sequences. The stream is a function of the data and the seed alone, so a
 * resumed run trains step s on exactly the sequences the uninterrupted run would have.
 */
public final class TrainingPlan {
    private final SftSplit split;
    private final Packer packer;
    private final int perStep;
    private final int steps;
    /** Index in the stream of each epoch's first sequence; one more entry than the epochs packed so far. */
    private final List<Long> epochStarts = new ArrayList<>(List.of(0L));
    private final Map<Integer, List<TrainingSequence>> packed = new HashMap<>();
    private final ToIntFunction<EncodedExample> repeats;
    private final long seed;

    /** Every example once per epoch. */
    public TrainingPlan(SftSplit split, SftOptions options) {
        this(split, options, e -> 1);
    }

    /** Each example {@code repeats} times per epoch (upsampling), the copies shuffled among the rest. */
    public TrainingPlan(SftSplit split, SftOptions options, ToIntFunction<EncodedExample> repeats) {
        if (split.train().isEmpty()) {
            throw new IllegalArgumentException("no training examples are left after the held-out split");
        }
        this.split = split;
        this.repeats = repeats;
        this.seed = options.seed();
        this.packer = new Packer(options.sequenceLength());
        this.perStep = options.sequencesPerStep();
        if (options.maxSteps() > 0) {
            this.steps = options.maxSteps();
        } else {
            long sequences = startOf(options.epochs());
            this.steps = (int) Math.max(1, (sequences + perStep - 1) / perStep);
        }
    }

    /** Optimizer steps of the run. */
    public int steps() {
        return steps;
    }

    /** The sequences of step {@code step}. */
    public List<TrainingSequence> batch(int step) {
        List<TrainingSequence> batch = new ArrayList<>(perStep);
        for (long i = (long) step * perStep; i < (long) (step + 1) * perStep; i++) {
            int epoch = epochOf(i);
            batch.add(sequences(epoch).get((int) (i - startOf(epoch))));
        }
        return batch;
    }

    /** Epochs completed at the end of step {@code step}, fractional. */
    public double epochAt(int step) {
        long end = (long) (step + 1) * perStep;
        int epoch = epochOf(end - 1);
        return epoch + (double) (end - startOf(epoch)) / (startOf(epoch + 1) - startOf(epoch));
    }

    /** The held-out examples, packed the same way (not shuffled). */
    public List<TrainingSequence> heldOut() {
        return packer.pack(split.heldOut());
    }

    /** Stream index of epoch {@code epoch}'s first sequence. */
    private long startOf(int epoch) {
        while (epochStarts.size() <= epoch) {
            int e = epochStarts.size() - 1;
            epochStarts.add(epochStarts.get(e) + sequences(e).size());
        }
        return epochStarts.get(epoch);
    }

    private int epochOf(long sequence) {
        int epoch = 0;
        while (startOf(epoch + 1) <= sequence) {
            epoch++;
        }
        return epoch;
    }

    /** The epoch's examples with the upsampled ones repeated, shuffled by (seed, epoch) when anything repeats. */
    private List<EncodedExample> withRepeats(List<EncodedExample> order, int epoch) {
        List<EncodedExample> expanded = new ArrayList<>(order.size());
        for (EncodedExample example : order) {
            for (int i = repeats.applyAsInt(example); i > 0; i--) {
                expanded.add(example);
            }
        }
        if (expanded.size() > order.size()) {
            Collections.shuffle(expanded, new Random(seed * 0x9E3779B97F4A7C15L + epoch));
        }
        return expanded;
    }

    private List<TrainingSequence> sequences(int epoch) {
        List<TrainingSequence> list = packed.get(epoch);
        if (list == null) {
            // Steps move forward through the stream: the epochs before the previous one are not needed again.
            packed.keySet().removeIf(e -> e < epoch - 1);
            list = packer.pack(withRepeats(split.epoch(epoch), epoch));
            packed.put(epoch, list);
        }
        return list;
    }
}
