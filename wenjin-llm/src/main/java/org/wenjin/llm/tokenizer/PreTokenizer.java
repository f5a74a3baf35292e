package org.wenjin.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regular expressions that cut text into words before byte-level BPE runs, one constant per
 * family of {@code tokenizer.ggml.pre} names, as llama.cpp's {@code llm_tokenizer_bpe} selects them.
 *
 * <p>A family has one or more expressions, applied in order the way Hugging Face's {@code Split}
 * pre-tokenizer with behaviour "isolated" does: each expression cuts every current piece into its
 * matches and the text between them, and both become pieces. The patterns are those of the models'
 * {@code tokenizer.json} with two adaptations for {@link java.util.regex}: {@code \s} and {@code \S}
 * become {@code \p{IsWhite_Space}} and its complement (Java's own {@code \s} is ASCII only, the
 * tokenizers' is Unicode White_Space), and an end anchor {@code $} becomes {@code \z}. A piece is
 * matched on its own, so lookaheads such as {@code \s+(?!\S)} do not see past its end, as in both
 * reference implementations. Java's {@code (?i)} folds ASCII letters only, which is what llama.cpp's
 * spelled-out {@code '[sS]|'[tT]...} for the contractions amounts to.
 */
public enum PreTokenizer {

    /** Llama 3 (tiktoken cl100k style): digits in groups of up to three. */
    LLAMA3(Set.of("llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral"),
            true, true,
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),

    /** Qwen 1.5/2/2.5: like Llama 3 but every digit on its own. */
    QWEN2(Set.of("qwen2", "deepseek-r1-qwen", "stablelm2"),
            false, false,
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),

    /**
     * DeepSeek LLM: newlines alone, runs of cased letters (an explicit list of Unicode ranges), runs of
     * ASCII and full-width punctuation, trailing whitespace, runs of CJK and Hangul, runs of digits.
     */
    DEEPSEEK_LLM(Set.of("deepseek-llm"),
            false, false,
            "[\\r\\n]",
            "\\s?[\\x{41}-\\x{5A}\\x{61}-\\x{7A}\\x{B5}\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{1BA}\\x{1BC}-\\x{1BF}\\x{1C4}-\\x{293}\\x{295}-\\x{2AF}\\x{370}-\\x{373}\\x{376}\\x{377}\\x{37B}-\\x{37D}\\x{37F}\\x{386}\\x{388}-\\x{38A}\\x{38C}\\x{38E}-\\x{3A1}\\x{3A3}-\\x{3F5}\\x{3F7}-\\x{481}\\x{48A}-\\x{52F}\\x{531}-\\x{556}\\x{10A0}-\\x{10C5}\\x{13A0}-\\x{13F5}\\x{13F8}-\\x{13FD}\\x{1C90}-\\x{1CBA}\\x{1CBD}-\\x{1CBF}\\x{1D00}-\\x{1D2B}\\x{1D6B}-\\x{1D77}\\x{1D79}-\\x{1D9A}\\x{1E00}-\\x{1F15}\\x{1F18}-\\x{1F1D}\\x{1F20}-\\x{1F45}\\x{1F48}-\\x{1F4D}\\x{1F50}-\\x{1F57}\\x{1F59}\\x{1F5B}\\x{1F5D}\\x{1F5F}-\\x{1F7D}\\x{1F80}-\\x{1FB4}\\x{1FB6}-\\x{1FBC}\\x{1FBE}\\x{1FC2}-\\x{1FC4}\\x{1FC6}-\\x{1FCC}\\x{1FD0}-\\x{1FD3}\\x{1FD6}-\\x{1FDB}\\x{1FE0}-\\x{1FEC}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-\\x{1FFC}\\x{2102}\\x{2107}\\x{210A}-\\x{2113}\\x{2115}\\x{2119}-\\x{211D}\\x{2124}\\x{2126}\\x{2128}\\x{212A}-\\x{212D}\\x{212F}-\\x{2134}\\x{2139}\\x{213C}-\\x{213F}\\x{2145}-\\x{2149}\\x{214E}\\x{2183}\\x{2184}\\x{2C00}-\\x{2C7B}\\x{2C7E}-\\x{2CE4}\\x{2CEB}-\\x{2CEE}\\x{2CF2}\\x{2CF3}\\x{A640}-\\x{A66D}\\x{A680}-\\x{A69B}\\x{A722}-\\x{A76F}\\x{A771}-\\x{A787}\\x{A78B}-\\x{A78E}\\x{AB70}-\\x{ABBF}\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}\\x{FF21}-\\x{FF3A}\\x{FF41}-\\x{FF5A}\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]+",
            "\\s?[\\x{21}-\\x{2F}\\x{3A}-\\x{7E}\\x{FF01}-\\x{FF0F}\\x{FF1A}-\\x{FF5E}\\x{2018}-\\x{201F}\\x{3000}-\\x{3002}]+",
            "\\s+$",
            "[\\x{4E00}-\\x{9FA5}\\x{800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+",
            "\\p{N}+"),

    /** DeepSeek Coder: like DeepSeek LLM with Unicode letter and punctuation classes, digits alone. */
    DEEPSEEK_CODER(Set.of("deepseek-coder"),
            false, false,
            "[\\r\\n]",
            "\\s?\\p{L}+",
            "\\s?\\p{P}+",
            "[\\x{4E00}-\\x{9FA5}\\x{800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+",
            "\\p{N}"),

    /** StarCoder, Refact, Command-R, SmolLM and others: GPT-2's expression after splitting off digits. */
    STARCODER(Set.of("starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"),
            false, false,
            "\\p{N}",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"),

    /** GPT-2's own expression (openai/gpt-2 {@code encoder.py}). */
    GPT2(Set.of("gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de",
            "jina-v2-code", "roberta-bpe", "gigachat", "mpt", "olmo", "jais"),
            false, false,
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"),

    /**
     * What llama.cpp uses when {@code tokenizer.ggml.pre} is missing or {@code "default"}: punctuation
     * runs first, then GPT-2's expression, then digit runs cut into threes.
     */
    DEFAULT(Set.of("default", ""),
            false, false,
            "[\\p{P}\\$\\+<=>\\^~\\|]+",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
            "\\p{N}+",
            "[0-9][0-9][0-9]");

    private final Set<String> names;
    private final boolean ignoresMerges;
    private final boolean addsBosByDefault;
    private final List<Pattern> patterns;

    PreTokenizer(Set<String> names, boolean ignoresMerges, boolean addsBosByDefault, String... expressions) {
        this.names = names;
        this.ignoresMerges = ignoresMerges;
        this.addsBosByDefault = addsBosByDefault;
        List<Pattern> compiled = new ArrayList<>(expressions.length);
        for (String expression : expressions) {
            compiled.add(Pattern.compile(forJava(expression)));
        }
        this.patterns = List.copyOf(compiled);
    }

    /**
     * The family of a {@code tokenizer.ggml.pre} value; a missing value means {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException for a name llama.cpp would also reject or that is not supported here
     */
    public static PreTokenizer forName(String name) {
        String key = name == null ? "" : name;
        for (PreTokenizer family : values()) {
            if (family.names.contains(key)) {
                return family;
            }
        }
        List<String> known = new ArrayList<>();
        for (PreTokenizer family : values()) {
            family.names.stream().filter(n -> !n.isEmpty()).sorted().forEach(known::add);
        }
        throw new IllegalArgumentException("unsupported pre-tokenizer '" + name + "' (supported: "
                + String.join(", ", known) + ")");
    }

    /**
     * Whether a word that is itself a vocabulary entry becomes that token without running the merges
     * (Hugging Face's {@code ignore_merges}, set in Llama 3's tokenizer.json).
     */
    public boolean ignoresMerges() {
        return ignoresMerges;
    }

    /** Whether llama.cpp adds BOS for this family when the file has no {@code add_bos_token}. */
    public boolean addsBosByDefault() {
        return addsBosByDefault;
    }

    /** The expressions in Java syntax, in the order they are applied. */
    public List<Pattern> patterns() {
        return patterns;
    }

    /** Cuts text into words; concatenating the words gives the text back. */
    public List<String> split(String text) {
        List<int[]> pieces = new ArrayList<>();
        if (text.isEmpty()) {
            return List.of();
        }
        pieces.add(new int[] {0, text.length()});
        for (Pattern pattern : patterns) {
            pieces = splitIsolated(text, pieces, pattern.matcher(text));
        }
        List<String> words = new ArrayList<>(pieces.size());
        for (int[] piece : pieces) {
            words.add(text.substring(piece[0], piece[1]));
        }
        return words;
    }

    private static List<int[]> splitIsolated(String text, List<int[]> pieces, Matcher matcher) {
        List<int[]> result = new ArrayList<>(pieces.size() * 2);
        for (int[] piece : pieces) {
            // Default region bounds are opaque and anchoring: the piece is matched as a string of its own.
            matcher.region(piece[0], piece[1]);
            int position = piece[0];
            while (matcher.find()) {
                if (matcher.end() == matcher.start()) {
                    continue;
                }
                if (matcher.start() > position) {
                    result.add(new int[] {position, matcher.start()});
                }
                result.add(new int[] {matcher.start(), matcher.end()});
                position = matcher.end();
            }
            if (position < piece[1]) {
                result.add(new int[] {position, piece[1]});
            }
        }
        return result;
    }

    private static String forJava(String expression) {
        StringBuilder out = new StringBuilder(expression.length() + 32);
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\\' && i + 1 < expression.length()) {
                char next = expression.charAt(i + 1);
                switch (next) {
                    case 's' -> out.append("\\p{IsWhite_Space}");
                    case 'S' -> out.append("\\P{IsWhite_Space}");
                    default -> out.append(c).append(next);
                }
                i++;
            } else if (c == '$' && i == expression.length() - 1) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
