package org.wenjin.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wenjin.llm.reference.RandomModel;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The models the trainer's tests run on: the real tiny llama of the shared test data, and the engine's own
 * random-weight models of each architecture ({@link RandomModel}: two blocks, 256 wide, grouped-query attention,
 * Llama 3.1's RoPE factors, Qwen2's biases and tied classifier, Qwen3's wider heads and Q/K norms) with that llama's
 * 512-token vocabulary, which the engine, the trainer and llama.cpp all load.
 */
public final class TinyModelFiles {

    private TinyModelFiles() {
    }

    /** The real tiny llama of the shared test data (Karpathy's stories260K, F32). */
    public static Path stories260K() {
        return Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"), "stories260K.gguf");
    }

    /** Writes a random {@code architecture} model (llama, qwen2 or qwen3) with matrices of {@code type}. */
    public static Path write(String architecture, GgmlType type, Path directory, long seed) {
        try {
            Files.createDirectories(directory);
            return new RandomModel(architecture, type, seed).writeTo(directory, stories260K());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
