package org.wenjin.train.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.model.LanguageModel;

/** Greedy generation by the engine, a fixed number of tokens with no end token, as llama.cpp's reference runs. */
final class Greedy {

    /** Tokens generated after each prompt. */
    static final int TOKENS = 32;

    private static final List<String> TEXTS = List.of("Once upon a time", "The little dog", "Lily wanted to play",
            "One day, a big");

    private Greedy() {}

    /** The prompts, tokenized by {@code model}'s tokenizer with its BOS. */
    static List<int[]> prompts(Path model) {
        try (LanguageModel m = LanguageModel.load(model)) {
            return TEXTS.stream().map(text -> m.tokenizer().encode(text, true, false)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code n} tokens the engine generates greedily after {@code prompt}. */
    static int[] engine(Path model, int[] prompt, int n) {
        try (LanguageModel m = LanguageModel.load(model)) {
            Session session = new Session(m.transformer(), prompt.length + n, token -> false, m.tokenizer()::newDecoder);
            return session.generate(prompt, GenerationRequest.of(n, SamplingParameters.greedy()), GenerationListener.NONE)
                    .tokens();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
