package org.wenjin.retrieval.chunk;

/**
 * Estimates how many LLM tokens a text takes without a tokenizer, to size chunks.
 *
 * <p>A CJK character counts as one token and an English word (a run of letters or digits) as 1.3:
 * BPE vocabularies trained on mixed Chinese and English text (Qwen, Baichuan, DeepSeek) spend about one
 * token per common Chinese character, and English text averages about 1.3 tokens per word (OpenAI's
 * rule of thumb of 100 tokens for 75 words). Punctuation and white space are not counted.
 */
public final class TokenEstimate {

    static final double TOKENS_PER_WORD = 1.3;

    private TokenEstimate() {
    }

    public static int of(CharSequence text) {
        return of(text, 0, text.length());
    }

    /** The estimate for {@code text[from, to)}. */
    public static int of(CharSequence text, int from, int to) {
        int cjk = 0;
        int words = 0;
        boolean inWord = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (isCjk(c)) {
                cjk++;
                inWord = false;
            } else if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    words++;
                }
                inWord = true;
            } else if (!(inWord && (c == '\'' || c == '’' || c == '-')
                    && i + 1 < to && Character.isLetterOrDigit(text.charAt(i + 1)))) {
                inWord = false; // don't, GPT-4 and state-of-the-art count as one word each
            }
        }
        return cjk + (int) Math.ceil(words * TOKENS_PER_WORD);
    }

    static boolean isCjk(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
