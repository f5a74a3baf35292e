package org.wenjin.llm.tokenizer;

/** Llama 3's byte-level BPE vocabulary (ggml-vocab-llama-bpe.gguf) against llama.cpp's vectors. */
class LlamaBpeVocabularyTest extends OptionalVocabularyContract {
    LlamaBpeVocabularyTest() {
        super("llama-bpe", PreTokenizer.LLAMA3);
    }
}
