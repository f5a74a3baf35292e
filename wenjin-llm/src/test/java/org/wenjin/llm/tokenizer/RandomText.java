package org.wenjin.llm.tokenizer;

import java.util.Random;

/** Seeded random text that mixes the scripts and symbols tokenizers treat differently. */
final class RandomText {

    private static final String[] POOLS = {
        " \t\n\r\u00a0\u3000",
        "abcdefXYZ'sStTdDmMlL",
        "0123456789",
        ".,!?;:-_()[]{}\"'`~$+<=>^|",
        "我想在工作天中文字词汉语北京上海你好世界",
        "éüßøÀΩωКжñ",
        "１２３ａＡ！？～。、",
        "\u1780\u17b6\u1793\u17cb\u178f\u17c2\u1796\u17b7\u179f\u17c1",
    };
    private static final String[] EMOJI = {"😁", "🦙", "✅", "🚀", "\u200d", "\ufe0f", "🌫"};

    private RandomText() {
    }

    /** {@code length} code points, each from a random pool: letters, digits, CJK, emoji, white space. */
    static String unicode(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pool = random.nextInt(POOLS.length + 2);
            if (pool == POOLS.length) {
                out.append(EMOJI[random.nextInt(EMOJI.length)]);
            } else if (pool == POOLS.length + 1) {
                out.appendCodePoint(anyCodePoint(random));
            } else {
                out.append(POOLS[pool].charAt(random.nextInt(POOLS[pool].length())));
            }
        }
        return out.toString();
    }

    /** Any assigned code point that is not a surrogate or private use, all planes up to U+2FFFF. */
    static int anyCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(0x30000);
            int type = Character.getType(cp);
            if (type != Character.UNASSIGNED && type != Character.SURROGATE && type != Character.PRIVATE_USE) {
                return cp;
            }
        }
    }
}
