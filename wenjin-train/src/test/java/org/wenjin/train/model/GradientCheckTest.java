package org.wenjin.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.train.TinyModelFiles;

/**
 * The gradients PyTorch's autograd computes through the trainer's model equal central finite differences of its
 * loss, in float64: for every kind of tensor of a full fine-tuning and for both LoRA factors.
 */
class GradientCheckTest {
    private static final double STEP = 1e-6;

    @TempDir
    static Path directory;

    // Two documents packed in one sequence, targets only on some positions, as SFT batches look.
    private static final int[] TOKENS = {1, 45, 302, 17, 88, 1, 260, 33, 402};
    private static final int[] POSITIONS = {0, 1, 2, 3, 4, 0, 1, 2, 3};
    private static final int[] DOCUMENTS = {0, 0, 0, 0, 0, 1, 1, 1, 1};
    private static final int[] TARGETS = {-1, 302, 17, 88, -1, -1, 33, 402, 9};

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "qwen3"})
    void fullFineTuningGradientsEqualFiniteDifferences(String architecture) throws IOException {
        Path file = TinyModelFiles.write(architecture, GgmlType.F32, directory, 21);
        try (GgufFile gguf = GgufFile.open(file); NDManager manager = Torch.newManager()) {
            CausalLm model = CausalLm.load(gguf, manager, DataType.FLOAT64, null, 1);
            assertGradientsMatch(model, manager, model.trainable(), new Random(5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen3"})
    void loraGradientsEqualFiniteDifferences(String architecture) throws IOException {
        Path file = TinyModelFiles.write(architecture, GgmlType.Q8_0, directory, 22);
        Random random = new Random(6);
        try (GgufFile gguf = GgufFile.open(file); NDManager manager = Torch.newManager()) {
            CausalLm model = CausalLm.load(gguf, manager, DataType.FLOAT64,
                    new LoraSettings(4, 8f, 0f, LoraTarget.all()), 2);
            // B starts at zero, which would make A's gradient zero; give it values so both factors are checked.
            for (AdaptedLinear m : model.adapters().values()) {
                double[] b = new double[(int) m.loraB().size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = random.nextGaussian() * 0.05;
                }
                m.loraB().set(b);
            }
            List<TrainableParameter> trainable = model.trainable();
            assertThat(trainable).as("A and B of seven matrices in each of two blocks").hasSize(2 * 7 * 2);
            assertGradientsMatch(model, manager, trainable, random);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "qwen3"})
    void checkpointedGradientsEqualTheWholeGraphs(String architecture) throws IOException {
        Path file = TinyModelFiles.write(architecture, GgmlType.F32, directory, 23);
        Random random = new Random(7);
        for (boolean lora : new boolean[] {false, true}) {
            try (GgufFile gguf = GgufFile.open(file); NDManager manager = Torch.newManager()) {
                CausalLm model = CausalLm.load(gguf, manager, DataType.FLOAT64,
                        lora ? new LoraSettings(4, 8f, 0f, LoraTarget.all()) : null, 3);
                for (AdaptedLinear m : model.adapters().values()) {
                    double[] b = new double[(int) m.loraB().size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = random.nextGaussian() * 0.05;
                    }
                    m.loraB().set(b);
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    double whole;
                    try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                        NDArray loss = loss(model, manager, true);
                        whole = loss.getDouble();
                        // A quarter as a tensor that outlives the backward pass (see Constants).
                        collector.backward(loss.mul(manager.full(new ai.djl.ndarray.types.Shape(), 0.25f,
                                DataType.FLOAT64)));
                    }
                    List<double[]> expected = model.trainable().stream()
                            .map(p -> p.value().getGradient().toDoubleArray()).toList();
                    for (TrainableParameter p : model.trainable()) {
                        p.value().getGradient().subi(p.value().getGradient());
                    }
                    double checkpointed;
                    try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                        checkpointed = model.backward(manager, TOKENS, POSITIONS, DOCUMENTS, TARGETS, 0.25, 1);
                    }
                    assertThat(checkpointed).isCloseTo(whole, org.assertj.core.data.Offset.offset(1e-9));
                    for (int i = 0; i < expected.size(); i++) {
                        TrainableParameter p = model.trainable().get(i);
                        double[] actual = p.value().getGradient().toDoubleArray();
                        for (int j = 0; j < actual.length; j++) {
                            assertThat(actual[j]).as("%s gradient [%d] (lora %s)", p.name(), j, lora)
                                    .isCloseTo(expected.get(i)[j], org.assertj.core.data.Offset.offset(1e-10));
                        }
                    }
                }
            }
        }
    }

    private static void assertGradientsMatch(CausalLm model, NDManager manager, List<TrainableParameter> parameters,
                                             Random random) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                collector.backward(loss(model, manager, true));
            }
            for (TrainableParameter parameter : parameters) {
                NDArray value = parameter.value();
                double[] gradient = value.getGradient().toDoubleArray();
                for (int sample = 0; sample < 2; sample++) {
                    int index = largestOrRandom(gradient, random, sample);
                    double numeric = finiteDifference(model, manager, value, index);
                    assertThat(gradient[index]).as("d loss / d %s[%d]", parameter.name(), index)
                            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
                }
            }
        }
    }

    /** The first sample is the entry with the largest gradient, so a zero gradient everywhere cannot pass. */
    private static int largestOrRandom(double[] gradient, Random random, int sample) {
        if (sample > 0) {
            return random.nextInt(gradient.length);
        }
        int best = 0;
        for (int i = 1; i < gradient.length; i++) {
            if (Math.abs(gradient[i]) > Math.abs(gradient[best])) {
                best = i;
            }
        }
        assertThat(Math.abs(gradient[best])).as("largest gradient entry").isGreaterThan(1e-8);
        return best;
    }

    private static double finiteDifference(CausalLm model, NDManager manager, NDArray value, int index) {
        double[] values = value.toDoubleArray();
        double original = values[index];
        values[index] = original + STEP;
        value.set(values);
        double plus = loss(model, manager, false).getDouble();
        values[index] = original - STEP;
        value.set(values);
        double minus = loss(model, manager, false).getDouble();
        values[index] = original;
        value.set(values);
        return (plus - minus) / (2 * STEP);
    }

    private static NDArray loss(CausalLm model, NDManager manager, boolean training) {
        return model.loss(manager, TOKENS, POSITIONS, DOCUMENTS, TARGETS, training).sum();
    }
}
