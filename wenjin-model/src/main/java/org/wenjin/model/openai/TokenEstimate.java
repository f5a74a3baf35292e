package org.wenjin.model.openai;

/**
 * Counts tokens without the remote model's tokenizer. Modern BPE vocabularies spend about one token per
 * CJK character and about four characters of Latin text per token; erring high keeps prompts in budget.
 */
final class TokenEstimate {
    private TokenEstimate() {
    }

    static int of(String text) {
        int cjk = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA
                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL) {
                cjk++;
            } else {
                other++;
            }
        }
        return cjk + (other + 3) / 4;
    }
}
