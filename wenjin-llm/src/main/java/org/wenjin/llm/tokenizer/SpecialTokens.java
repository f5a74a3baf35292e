package org.wenjin.llm.tokenizer;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ids with a fixed role and whether encoding adds BOS/EOS around the text.
 *
 * @param bos beginning of sequence ({@code tokenizer.ggml.bos_token_id})
 * @param eos end of sequence ({@code tokenizer.ggml.eos_token_id})
 * @param eot end of turn ({@code tokenizer.ggml.eot_token_id}, or found by its text, e.g. {@code <|eot_id|>})
 * @param eom end of message ({@code tokenizer.ggml.eom_token_id}, Llama 3.1's {@code <|eom_id|>})
 * @param unknown the unknown token ({@code tokenizer.ggml.unknown_token_id})
 * @param addBos whether {@code encode(text, addSpecial = true, ...)} starts with BOS ({@code add_bos_token})
 * @param addEos whether it ends with EOS ({@code add_eos_token})
 * @param endOfGeneration every id that ends generation: EOS, EOT, EOM and the control tokens llama.cpp
 *     recognises by their text ({@code <|im_end|>}, {@code <|eot_id|>}, {@code <end_of_turn>}, ...)
 */
public record SpecialTokens(
        OptionalInt bos,
        OptionalInt eos,
        OptionalInt eot,
        OptionalInt eom,
        OptionalInt unknown,
        boolean addBos,
        boolean addEos,
        Set<Integer> endOfGeneration) {

    public SpecialTokens {
        Objects.requireNonNull(bos, "bos");
        Objects.requireNonNull(eos, "eos");
        Objects.requireNonNull(eot, "eot");
        Objects.requireNonNull(eom, "eom");
        Objects.requireNonNull(unknown, "unknown");
        endOfGeneration = Set.copyOf(endOfGeneration);
        if (addBos && bos.isEmpty()) {
            throw new IllegalArgumentException("add_bos_token is true, but bos_token_id is not set");
        }
        if (addEos && eos.isEmpty()) {
            throw new IllegalArgumentException("add_eos_token is true, but eos_token_id is not set");
        }
    }

    /** Roles for a plain vocabulary: only BOS, EOS and unknown ids, EOS ending generation. */
    public static SpecialTokens of(int bos, int eos, int unknown, boolean addBos, boolean addEos) {
        return new SpecialTokens(optional(bos), optional(eos), OptionalInt.empty(), OptionalInt.empty(),
                optional(unknown), addBos, addEos, eos < 0 ? Set.of() : Set.of(eos));
    }

    public boolean isEndOfGeneration(int id) {
        return endOfGeneration.contains(id);
    }

    private static OptionalInt optional(int id) {
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }
}
