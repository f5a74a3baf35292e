package org.wenjin.llm.reference;

import java.nio.file.Path;
import java.util.List;

/**
 * A build of llama.cpp answering the three questions the engine's correctness is judged by: how a text
 * tokenizes, what the model predicts at every position of a given token sequence, and which tokens it
 * generates greedily. Two builds exist: {@link JavaLlamaCpp} (build b4916 of March 2025, from the
 * de.kherud:llama jar, before Qwen3) and {@link NodeLlamaCpp} (node-llama-cpp 3.22.1's build, which
 * knows Qwen3).
 *
 * <p>Every call names its GGUF file; an implementation may keep files loaded until {@link #close()}.
 */
public interface ReferenceLlama extends AutoCloseable {

    /** Which llama.cpp this is, for messages and reports. */
    String name();

    /**
     * llama.cpp's {@code llama_tokenize(vocab, text, add_special, parse_special)}.
     *
     * @param addSpecial add BOS/EOS as the vocabulary's {@code add_bos_token}/{@code add_eos_token} say
     * @param parseSpecial read the text of control tokens as those tokens
     */
    int[] tokenize(Path gguf, String text, boolean addSpecial, boolean parseSpecial);

    /**
     * Evaluates {@code tokens} as one sequence from position 0 and returns, for every position i, the
     * {@code k} most likely tokens to follow {@code tokens[0..i]}.
     */
    List<TopK> teacherForced(Path gguf, int[] tokens, int k);

    /** The {@code n} tokens llama.cpp's greedy sampler (arg max of the logits) generates after {@code prompt}. */
    int[] greedy(Path gguf, int[] prompt, int n);

    @Override
    void close();
}
