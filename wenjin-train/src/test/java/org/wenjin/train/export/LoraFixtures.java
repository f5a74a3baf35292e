package org.wenjin.train.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.train.model.LoraTarget;

/** Random LoRA factors of the size a trained adapter has: (alpha / rank) · B·A about as large as W itself. */
final class LoraFixtures {

    static final int RANK = 8;
    /** alpha / rank = 2. */
    static final float ALPHA = 16;

    private LoraFixtures() {}

    /** Factors for every LoRA target (q, k, v, o, gate, up, down) of every block of {@code base}. */
    static Map<String, LoraFactors> everyTarget(GgufFile base, long seed) {
        int blocks = base.getInt(base.architecture() + ".block_count");
        Map<String, LoraFactors> factors = new LinkedHashMap<>();
        Random random = new Random(seed);
        for (int layer = 0; layer < blocks; layer++) {
            for (LoraTarget target : LoraTarget.values()) {
                String name = target.tensorName(layer);
                factors.put(name, random(base.tensorInfo(name).orElseThrow(), random));
            }
        }
        return factors;
    }

    /**
     * Factors for one matrix: A with entries of standard deviation 1/sqrt(inputs), as a layer's initialization
     * has, and B of 0.5/sqrt(rank), so that with alpha / rank = 2 an entry of the update is about 1/sqrt(inputs),
     * the size of the random weights.
     */
    static LoraFactors random(GgufTensorInfo matrix, Random random) {
        int inputs = (int) matrix.dimension(0);
        int outputs = (int) matrix.dimension(1);
        float[] a = new float[RANK * inputs];
        float[] b = new float[outputs * RANK];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() / Math.sqrt(inputs));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * 0.5 / Math.sqrt(RANK));
        }
        return new LoraFactors(RANK, inputs, outputs, a, b);
    }
}
