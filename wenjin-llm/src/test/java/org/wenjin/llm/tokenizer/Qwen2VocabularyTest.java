package org.wenjin.llm.tokenizer;

/** Qwen 1.5's byte-level BPE vocabulary (ggml-vocab-qwen2.gguf) against llama.cpp's vectors. */
class Qwen2VocabularyTest extends OptionalVocabularyContract {
    Qwen2VocabularyTest() {
        super("qwen2", PreTokenizer.QWEN2);
    }
}
