package org.wenjin.llm.reference;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.model.SequenceState;
import org.wenjin.llm.model.Transformer;
import org.wenjin.llm.model.UnsupportedArchitectureException;
import org.wenjin.llm.tokenizer.Tokenizer;

/**
 * The engine asked the questions a {@link ReferenceLlama} answers, through its public API:
 * {@link LanguageModel}, {@link Transformer#forward}, {@link Session} and {@link Tokenizer}.
 *
 * <p>What the engine does not support yet (an architecture, a tensor type without kernels) aborts the
 * calling test, so it shows as skipped with the engine's own message and runs once the piece lands.
 */
final class Engine {

    private static final Map<Path, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private Engine() {}

    /** The engine's top {@code k} after every position of {@code tokens}, evaluated one token at a time. */
    static List<TopK> teacherForced(Path gguf, int[] tokens, int k) {
        try (LanguageModel model = load(gguf)) {
            Transformer transformer = model.transformer();
            SequenceState state = transformer.newState(tokens.length);
            List<TopK> positions = new ArrayList<>(tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                positions.add(TopK.of(transformer.forward(state, tokens[i], i), k));
            }
            return positions;
        }
    }

    /**
     * {@code n} tokens of greedy generation after {@code prompt} by the engine's generation session, with no
     * end-of-generation token, as llama.cpp generates a fixed number of tokens.
     */
    static int[] greedy(Path gguf, int[] prompt, int n) {
        try (LanguageModel model = load(gguf)) {
            Session session = new Session(model.transformer(), prompt.length + n, token -> false,
                    model.tokenizer()::newDecoder);
            return session.generate(prompt, GenerationRequest.of(n, SamplingParameters.greedy()),
                    GenerationListener.NONE).tokens();
        }
    }

    /** The engine's tokenizer for a GGUF file (a vocabulary-only file is enough), read once per file. */
    static Tokenizer tokenizer(Path gguf) {
        return TOKENIZERS.computeIfAbsent(gguf.toAbsolutePath(), path -> {
            try (GgufFile file = GgufFile.open(path)) {
                return Tokenizer.fromGguf(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static LanguageModel load(Path gguf) {
        try {
            return LanguageModel.load(gguf);
        } catch (UnsupportedArchitectureException | UnsupportedOperationException e) {
            return abort("not in the engine yet: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
