package org.wenjin.llm.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The texts the tokenizer comparisons run on: llama.cpp's tokenizer test vectors (the {@code .inp}/{@code .out}
 * pairs beside the {@code ggml-vocab-*.gguf} files, format of tests/test-tokenizer-0.cpp, see
 * shared/testdata/README.md) and a set of Chinese, English, emoji and mixed strings of our own.
 */
final class TokenizerCases {

    /** llama.cpp's separator between the tests of an {@code .inp} file, after every test including the last. */
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** One test vector: a text and the ids Hugging Face's tokenizer gave it without special tokens. */
    record Vector(int number, String text, int[] ids) {
        @Override
        public String toString() {
            return "test " + number + " " + quoted(text);
        }
    }

    /** Texts in the languages and scripts Wenjin serves, with the cases tokenizers get wrong. */
    static final List<String> TEXTS = List.of(
            "你好，世界！",
            "文心一言是一个知识增强的大语言模型。",
            "北京是中华人民共和国的首都，人口约2189万。",
            "我想在apple工作1314151天～",
            "The quick brown fox jumps over the lazy dog.",
            "Hello, y'all! How are you 😁 ?",
            "😀👍🏽🇨🇳 emoji 🧑‍💻 sequences ❤️",
            "混合 mixed 文本 with numbers 12345 and 标点：「引号」《书名》",
            "  leading and trailing spaces  ",
            "\ttabs\tand\nnew lines\r\nand  double  spaces",
            "日本語のひらがな、한국어 텍스트",
            "Ünïcödé äöü ß ÆØÅ ñ",
            "https://example.com/path?q=1&r=2#frag",
            "3.14159 + 2.71828 = 5.85987; 1,000,000",
            "zero\u200bwidth and\u00a0no-break spaces",
            "a",
            " ",
            "");

    private TokenizerCases() {}

    /** The test vectors of {@code vocabulary} (for example {@code ggml-vocab-llama-spm.gguf}). */
    static List<Vector> vectors(Path vocabulary) {
        Path inputs = vocabulary.resolveSibling(vocabulary.getFileName() + ".inp");
        Path outputs = vocabulary.resolveSibling(vocabulary.getFileName() + ".out");
        try {
            String all = Files.readString(inputs, StandardCharsets.UTF_8);
            if (!all.endsWith(SEPARATOR)) {
                throw new IllegalArgumentException(inputs + " does not end with the test separator");
            }
            String[] texts = all.substring(0, all.length() - SEPARATOR.length()).split(SEPARATOR, -1);
            List<String> lines = Files.readAllLines(outputs, StandardCharsets.UTF_8);
            if (lines.size() != texts.length) {
                throw new IllegalArgumentException(outputs + " has " + lines.size() + " lines for " + texts.length
                        + " tests in " + inputs);
            }
            List<Vector> vectors = new ArrayList<>();
            for (int i = 0; i < texts.length; i++) {
                String line = lines.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                vectors.add(new Vector(i + 1, texts[i], ids));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test texts of an {@code .inp} file, also usable for vocabularies without an {@code .out}. */
    static List<String> inputs(Path vectorFile) {
        try {
            String all = Files.readString(vectorFile, StandardCharsets.UTF_8);
            return List.of(all.substring(0, all.length() - SEPARATOR.length()).split(SEPARATOR, -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quoted(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return '"' + shown.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + '"';
    }
}
