package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * A byte-level BPE vocabulary against llama.cpp's 46 vectors, for the vocabularies whose GGUF (4 MiB or more)
 * is not in the shared test data: the tests run when the file is given with
 * {@code -Dwenjin.vocab.NAME=/path/to/ggml-vocab-NAME.gguf} (or placed beside the .inp/.out files) and are
 * skipped otherwise. {@link PreTokenizerTest} checks each family's pre-tokenizer on the same strings
 * without the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OptionalVocabularyContract {
    private final String name;
    private final PreTokenizer preTokenizer;
    private Tokenizer tokenizer;
    private List<LlamaCppVectors.Vector> vectors;

    OptionalVocabularyContract(String name, PreTokenizer preTokenizer) {
        this.name = name;
        this.preTokenizer = preTokenizer;
    }

    @BeforeAll
    void load() {
        Optional<Path> file = TestVocabularies.vocabularyFile(name);
        if (file.isPresent()) {
            tokenizer = TestVocabularies.load(file.get());
            vectors = LlamaCppVectors.read(name);
        }
    }

    /** Each test is reported as skipped, with the reason, when the vocabulary file is absent. */
    @BeforeEach
    void requireVocabulary() {
        Assumptions.assumeTrue(tokenizer != null,
                "ggml-vocab-" + name + ".gguf not available; pass -Dwenjin.vocab." + name + "=<file>");
    }

    @Test
    void isByteLevelBpeWithItsFamilysPreTokenizer() {
        assertThat(tokenizer).isInstanceOf(BpeTokenizer.class);
        assertThat(((BpeTokenizer) tokenizer).preTokenizer()).isEqualTo(preTokenizer);
        assertThat(vectors).hasSize(46);
    }

    @TestFactory
    Stream<DynamicTest> encodesEveryVectorExactly() {
        return LlamaCppVectors.encodeTests(tokenizer, vectors);
    }

    @Test
    void decodesEveryVectorBackToItsText() {
        for (LlamaCppVectors.Vector vector : vectors) {
            assertThat(tokenizer.decode(vector.expected())).as("%s", vector).isEqualTo(vector.text());
        }
    }
}
