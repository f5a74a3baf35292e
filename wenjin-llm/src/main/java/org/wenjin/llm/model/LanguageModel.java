package org.wenjin.llm.model;

import java.io.IOException;
import java.nio.file.Path;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tokenizer.Tokenizer;

/**
 * A model ready to run: its configuration, its tokenizer and its transformer, all from one GGUF file.
 * The weights stay memory-mapped until {@link #close()}; nothing may use the model after that.
 * Generate with {@code new org.wenjin.llm.generate.Session(model, contextSize)}.
 */
public final class LanguageModel implements AutoCloseable {
    private final GgufFile file;
    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final Transformer transformer;
    private ConcurrentDecoder decoder;

    /**
     * Sequences one decoding step of the shared decoder holds: enough for the conversations a small server
     * runs at once; its scratch is this many times the vocabulary in floats (about 10 MB for Qwen's 152k).
     */
    public static final int CONCURRENT_SEQUENCES = 16;

    private LanguageModel(GgufFile file, ModelConfig config, Tokenizer tokenizer, Transformer transformer) {
        this.file = file;
        this.config = config;
        this.tokenizer = tokenizer;
        this.transformer = transformer;
    }

    /**
     * Maps a GGUF file and reads its configuration, tokenizer and weights.
     *
     * @throws UnsupportedArchitectureException         if its architecture has no forward pass here
     * @throws org.wenjin.llm.gguf.GgufFormatException if the file is malformed or lacks a key or tensor
     * @throws IOException                              if it cannot be read
     */
    public static LanguageModel load(Path path) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            ModelConfig config = ModelConfig.fromGguf(file);
            Tokenizer tokenizer = Tokenizer.fromGguf(file);
            if (tokenizer.vocabularySize() != config.vocabularySize()) {
                throw new IllegalArgumentException(path + ": the tokenizer has " + tokenizer.vocabularySize()
                        + " tokens, the model " + config.vocabularySize());
            }
            Transformer transformer = new Transformer(config, Weights.fromGguf(file, config));
            return new LanguageModel(file, config, tokenizer, transformer);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Path path() {
        return file.path();
    }

    public ModelConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Transformer transformer() {
        return transformer;
    }

    /**
     * The decoder that steps this model's concurrent sessions together (continuous batching); made on first
     * use, shared by every {@code Session} opened on the model.
     */
    public synchronized ConcurrentDecoder decoder() {
        if (decoder == null) {
            decoder = new ConcurrentDecoder(transformer, CONCURRENT_SEQUENCES);
        }
        return decoder;
    }

    /** Unmaps the weights. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "LanguageModel[" + file.path().getFileName() + ", " + config.architecture().ggufName() + ", "
                + config.blockCount() + " blocks, " + config.embeddingLength() + " wide, vocabulary "
                + config.vocabularySize() + "]";
    }
}
