package org.wenjin.llm.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.wenjin.llm.gguf.GgufFile;

/** The files of shared/testdata these tests use, found through the system property {@code wenjin.testdata}. */
final class Testdata {

    /** stories260K's BOS ({@code tokenizer.ggml.bos_token_id}), the start of its greedy reference run. */
    static final int BOS = 1;

    /** The vocabularies whose .gguf is in the test data: three llama.cpp test vocabularies and stories260K's. */
    static final List<String> VOCABULARIES = List.of("llama-spm", "deepseek-llm", "baichuan", "stories260K");

    private Testdata() {}

    static Path directory() {
        String dir = System.getProperty("wenjin.testdata");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property wenjin.testdata is not set (wenjin-parent's POM sets it)");
        }
        return Path.of(dir);
    }

    static Path stories260K() {
        return directory().resolve("stories260K.gguf");
    }

    /** The 256 ids of stories260K's greedy run from BOS (stories260K.greedy-256.ids). */
    static int[] stories260KGreedyIds() {
        try {
            String ids = Files.readString(directory().resolve("stories260K.greedy-256.ids")).strip();
            return Arrays.stream(ids.split(" ")).mapToInt(Integer::parseInt).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .gguf of a vocabulary of {@link #VOCABULARIES}. */
    static Path vocabulary(String name) {
        return name.equals("stories260K") ? stories260K() : directory().resolve("ggml-vocab-" + name + ".gguf");
    }

    /**
     * Every text the tokenizer comparisons run on for {@code vocabulary}: llama.cpp's 46 test inputs, our own
     * Chinese/English/emoji texts, and texts around the vocabulary's own control tokens (BOS, EOS), which
     * {@code parseSpecial} decides about.
     */
    static List<String> texts(Path vocabulary) {
        LinkedHashSet<String> texts = new LinkedHashSet<>(
                TokenizerCases.inputs(directory().resolve("ggml-vocab-llama-spm.gguf.inp")));
        texts.addAll(TokenizerCases.TEXTS);
        try (GgufFile gguf = GgufFile.open(vocabulary)) {
            String[] tokens = gguf.getStringArray("tokenizer.ggml.tokens");
            List<String> controls = new ArrayList<>();
            for (String key : List.of("tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id")) {
                if (gguf.contains(key) && gguf.getLong(key) < tokens.length) {
                    controls.add(tokens[(int) gguf.getLong(key)]);
                }
            }
            for (String control : controls) {
                texts.add(control);
                texts.add(control + "Hello world" + control);
                texts.add("你好 " + control + " 世界");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(texts);
    }
}
